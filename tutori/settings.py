"""Tutori settings: one module, everything from the environment (django-environ)."""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("TUTORI_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Owner-only from the start; a process that lost the race to create it reads it.
        with suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
# HTTPS decides the cookie and HSTS policy; the local demo serves plain HTTP with HTTPS=false.
HTTPS = env.bool("HTTPS", default=not DEBUG)
# The address people reach Tutori at: links in mails sent without a request (reminders,
# invitations from a roster import) start with it.
SITE_URL = env.str("TUTORI_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules",
    "axes",
    "csp",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "tutori.core",
    "tutori.accounts",
    "tutori.orgs",
    "tutori.access",
    "tutori.tutoring",
    "tutori.surveys",
    "tutori.programmes",
    "tutori.paths",
    "tutori.workshops",
    "tutori.evaluation",
    "tutori.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tutori.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tutori.core.middleware.PrivateCacheMiddleware",
    "tutori.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so every other middleware has answered, yet before any view reads the body.
    "tutori.core.middleware.RequestSizeMiddleware",
]

ROOT_URLCONF = "tutori.urls"
WSGI_APPLICATION = "tutori.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tutori.dashboard.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tutori.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN, so
    # racing writers wait for the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file, not memory: concurrency tests need real connections from threads.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-tutori.sqlite3")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3600  # reset links live one hour
# How long an invitation's link works (TUTORI_INVITATION_DAYS, at least one day); sending it
# again starts the time anew.
INVITATION_LIFETIME = timedelta(days=max(env.int("TUTORI_INVITATION_DAYS", default=14), 1))

# django-axes: lock user + IP together (a school shares one address), 10 failures,
# 15 minute cool-off, reset on success: a permanent lock would be a denial of service.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login form posts the e-mail as "username" (Django's AuthenticationForm); without this
# axes would read the USERNAME_FIELD ("email"), find nothing and lock by address alone.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Failures are counted under the address in its one form: its case variants share one lockout.
AXES_USERNAME_CALLABLE = "tutori.accounts.throttle.axes_username"
# The client is REMOTE_ADDR, or behind a proxy named here (addresses or networks) the address
# the proxy puts in X-Forwarded-For; an unnamed proxy would give every client its address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "tutori.accounts.throttle.client_ip"
# Throttles that lock no account (tutori/accounts/throttle.py, in the cache): more than 30
# failures in 15 minutes from one client address (wrong passwords for any account, reset
# requests, bad links) answer 429 until the window ends; at most 3 reset mails per address
# an hour. A cache that cannot count lets requests through: the lockout above still holds.
THROTTLE_CLIENT_FAILURES = "30/15m"
THROTTLE_RESET_MAILS = "3/h"
RATELIMIT_FAIL_OPEN = True

# Sessions end after 30 minutes idle and after 12 hours in all (SessionLifetimeMiddleware).
# The idle clock is renewed at most once a minute, not on every request: saving the session
# on every request made every page a database write (measured in bench/: the floor went
# from about 530 to several thousand requests/s on SQLite without it).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = 60
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
# X-Forwarded-Proto says "this came over HTTPS" only when a proxy in front sets it (and
# overwrites what a client sent): BEHIND_PROXY=true. Otherwise any client could claim it.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Cache ----------------------------------------------------------------------------------
# Each process keeps its own by default; CACHE_URL (django-environ's form, e.g.
# redis://127.0.0.1:6379/1) shares one between workers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# What pages keep while nothing they show can change (core.kept: a closed survey's counted
# results), shared by every worker on the machine: files under the var directory.
CACHES["kept"] = env.cache("KEPT_CACHE_URL", default=f"filecache://{VAR_DIR / 'kept'}")
CACHES["kept"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("suomi")), ("sv", _("svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tutori" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tutori <noreply@tutori.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The operator: who runs this Tutori -----------------------------------------------------
# Named in the privacy notice (the controller) and the accessibility statement (where to send
# feedback). The defaults are the demo's (its addresses end in .invalid); a deployment sets its
# own (`check --deploy` warns, tutori.W001, while any is a default).
TUTORI_OPERATOR_DEMO = {
    "TUTORI_OPERATOR_NAME": "Tutori-demo",
    "TUTORI_OPERATOR_EMAIL": "tutori@demo.tutori.invalid",
    "TUTORI_OPERATOR_ADDRESS": "Esimerkkikatu 1, 00100 Helsinki",
    "TUTORI_DPO_EMAIL": "tietosuoja@demo.tutori.invalid",
    "TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL": "saavutettavuus@demo.tutori.invalid",
}
TUTORI_OPERATOR_NAME = env.str(
    "TUTORI_OPERATOR_NAME", default=TUTORI_OPERATOR_DEMO["TUTORI_OPERATOR_NAME"]
)
TUTORI_OPERATOR_EMAIL = env.str(
    "TUTORI_OPERATOR_EMAIL", default=TUTORI_OPERATOR_DEMO["TUTORI_OPERATOR_EMAIL"]
)
TUTORI_OPERATOR_ADDRESS = env.str(
    "TUTORI_OPERATOR_ADDRESS", default=TUTORI_OPERATOR_DEMO["TUTORI_OPERATOR_ADDRESS"]
)
TUTORI_OPERATOR_PHONE = env.str("TUTORI_OPERATOR_PHONE", default="")
TUTORI_DPO_EMAIL = env.str("TUTORI_DPO_EMAIL", default=TUTORI_OPERATOR_DEMO["TUTORI_DPO_EMAIL"])
TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL = env.str(
    "TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL",
    default=TUTORI_OPERATOR_DEMO["TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL"],
)
# When this deployment's accessibility was last assessed (ISO date); empty: the date of the
# assessment shipped with this version of Tutori (tutori.core.statements).
TUTORI_ACCESSIBILITY_ASSESSED_ON = env.str("TUTORI_ACCESSIBILITY_ASSESSED_ON", default="")

# --- Background tasks -----------------------------------------------------------------------
# The database backend is a real queue on SQLite and PostgreSQL alike; `tutori worker` runs
# it. TASKS_BACKEND may name another backend class ("immediate" runs tasks in the caller).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env.str("TASKS_BACKEND", default="database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}
# An export (CSV/XLSX) of more rows than this is built in the worker and downloaded from
# "Omat viennit" (core.export_jobs); smaller ones are answered in the request.
TUTORI_EXPORT_INLINE_ROWS = env.int("TUTORI_EXPORT_INLINE_ROWS", default=5000)

# --- Uploads --------------------------------------------------------------------------------
ROSTER_MAX_BYTES = env.int("ROSTER_MAX_BYTES", default=5 * 1024 * 1024)
ROSTER_MAX_ROWS = env.int("ROSTER_MAX_ROWS", default=5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A programme's material or a returned assignment (tutori.programmes.models.FILE_MAX_BYTES:
# the issue's "over 20 MB is refused", with its own message).
PROGRAMME_FILE_MAX_BYTES = 20 * 1024 * 1024
# The largest request body (a roster file, a programme's file or a form, and the rest of the
# request): larger ones answer 413 before they are read (core.middleware.RequestSizeMiddleware).
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES",
    default=max(ROSTER_MAX_BYTES, DATA_UPLOAD_MAX_MEMORY_SIZE, PROGRAMME_FILE_MAX_BYTES)
    + 1024 * 1024,
)

# --- Logging: never personal data -----------------------------------------------------------
# URLs that carry a secret (calendar feeds, password reset and invitation links) are masked
# in every line (tutori.core.logs); gunicorn's access log is masked by its logger class.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets": {"()": "tutori.core.logs.SecretsFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # axes logs the username (an e-mail address) of every failed login; keep it quiet.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # "Not Found: <path>", "Forbidden (CSRF …): <path>": masked before Django's own
        # handlers (console when DEBUG, mail to ADMINS) see them.
        "django.request": {"filters": ["secrets"]},
        "django.security.csrf": {"filters": ["secrets"]},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
