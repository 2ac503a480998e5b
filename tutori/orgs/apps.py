"""App configuration for organisations: what the orgs app adds to the platform."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _roles_panel(user: Any) -> dict[str, Any]:
    from tutori.orgs import selectors

    return selectors.dashboard_get(user=user)


def _admin_panel(user: Any) -> dict[str, Any] | None:
    return {} if user.is_superuser else None


def _invitations_panel(user: Any) -> dict[str, Any] | None:
    from tutori.orgs import selectors

    return selectors.expired_invitations_panel(user=user)


def _profile_roles(user: Any) -> dict[str, Any]:
    from tutori.orgs import selectors

    return {"memberships": selectors.memberships_of(user=user)}


def _demo() -> list[str]:
    from tutori.orgs.demo import DEMO_DOMAIN, DEMO_PASSWORD, LOGINS, demo_load

    counts = demo_load()
    lines = [
        f"Demo organisations: {counts['organisations']}, people: {counts['people']}.",
        "",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
    ]
    lines += [
        f"  {local + '@' + DEMO_DOMAIN:<28} {name:<22} {what}" for local, name, what in LOGINS
    ]
    return [*lines, ""]


def _generate(**kwargs: Any) -> None:
    from tutori.orgs.generate import organisations_and_people

    organisations_and_people(**kwargs)


class OrgsConfig(AppConfig):
    name = "tutori.orgs"
    label = "orgs"
    verbose_name = _("Organisaatiot")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.core import registry as r
        from tutori.orgs.models import Invitation, Membership, Network, Organisation, RosterImport

        auditlog.register(Organisation)
        auditlog.register(Network, m2m_fields={"organisations"})
        auditlog.register(Membership)

        r.add_menu(
            r.MenuEntry(
                "orgs.tree", "orgs:tree", _("Organisaatiot"), order=800, group=_("Organisaatio")
            ),
            r.MenuEntry(
                "orgs.import",
                "orgs:import",
                _("Tuo henkilölista"),
                "orgs.import_roster",
                810,
                _("Organisaatio"),
            ),
        )
        r.add_panel(r.DashboardPanel("orgs.admin", "orgs/panels/_admin.html", _admin_panel, 10))
        r.add_panel(r.DashboardPanel("orgs.roles", "orgs/panels/_roles.html", _roles_panel, 900))
        r.add_panel(
            r.DashboardPanel(
                "orgs.invitations", "orgs/panels/_invitations.html", _invitations_panel, 890
            )
        )
        r.add_profile_section(
            r.DashboardPanel("orgs.roles", "orgs/panels/_profile_roles.html", _profile_roles, 100)
        )
        r.add_demo(r.DataStep("orgs", _demo, order=10))
        r.add_generator(r.DataStep("orgs", _generate, order=10))
        r.add_personal_data(
            r.PersonalData(
                Membership,
                "user",
                ("organisation__name", "role", "active_from", "active_to"),
                reason="the history of roles stays, under the anonymised person",
                actor_paths=("created_by",),
            ),
            r.PersonalData(
                Invitation,
                "user",
                (
                    "organisation__name",
                    "role",
                    "display_name",
                    "created_at",
                    "sent_at",
                    "send_count",
                    "expires_at",
                    "accepted_at",
                    "withdrawn_at",
                ),
                erase=r.Erase.DELETE,
                actor_paths=("invited_by", "withdrawn_by"),
            ),
            r.PersonalData(
                RosterImport,
                "created_by",
                ("filename", "status", "created_at"),
                erase=r.Erase.DELETE,
            ),
        )
