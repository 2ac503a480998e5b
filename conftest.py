"""Test-wide set-up: Finnish, plain HTTP, static files from the finders."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.signals import setting_changed


def pytest_configure(config: pytest.Config) -> None:
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run at once, in the caller (tests that need the real queue override TASKS). The
    # signal drops the backend django-tasks may have built from the settings at start-up.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Pages kept across workers (core.kept) stay in the test process: a file cache shared by
    # the test workers would hand one test another's page.
    settings.CACHES = {
        **settings.CACHES,
        "kept": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"},
    }
    setting_changed.send(sender=None, setting="CACHES", value=settings.CACHES, enter=True)
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    # The live server listens with a backlog of 10; the booking race opens 50 connections
    # at once, as a real front server (gunicorn: 2048) would accept them.
    from django.core.servers.basehttp import WSGIServer

    WSGIServer.request_queue_size = 128


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # The login and reset throttles count in the cache: each test starts with no count, as
    # it starts with an empty database, whatever ran before it in the same process.
    from django.core.cache import caches

    caches["default"].clear()
    caches["kept"].clear()


@pytest.fixture(autouse=True)
def _finnish(settings: object) -> None:
    from django.utils import translation

    translation.activate("fi")
