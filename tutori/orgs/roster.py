"""Roster import: a CSV or XLSX list of people checked in full, previewed, then applied at once.

``roster_check`` reads a file and returns every problem with its line number, or a saved
preview (``RosterImport``) that says what each line will do. ``roster_apply`` carries a
preview out in one transaction: either every line takes effect or none does.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tutori.accounts.models import User, email_normalise
from tutori.core.audit import audit_many
from tutori.core.errors import ApplicationError
from tutori.core.forms import clean_text
from tutori.core.scoping import forget, scopes_disabled
from tutori.core.tables import TableLimits, table_rows
from tutori.core.text import text_problem
from tutori.orgs.models import (
    ROLE_OTHER_NAMES,
    Invitation,
    Membership,
    Organisation,
    Role,
    RosterImport,
    today,
)
from tutori.orgs.services import (
    invitation_build,
    invitation_mail,
    invitations_supersede,
    require_right,
)

# Column names accepted in the header row, in each UI language.
COLUMNS: dict[str, set[str]] = {
    "name": {"name", "nimi", "namn", "display_name"},
    "email": {"email", "e-mail", "sähköposti", "sahkoposti", "e-post", "epost"},
    "organisation": {"organisation", "organization", "organisaatio", "organisation_name"},
    "role": {"role", "rooli", "roll"},
    "phone": {"phone", "puhelin", "telefon", "puhelinnumero"},
    "language": {"language", "kieli", "språk", "sprak"},
}
REQUIRED = ("name", "email", "organisation", "role")
LANGUAGES = {"fi", "sv", "en"}
UI_LANGUAGES = ("fi", "sv", "en")
# People are written in bulk, without the model's own checks: the file is checked here.
PHONE_MAX_LENGTH = User._meta.get_field("phone").max_length or 30


class Action:
    # A role in an organisation where the person has none: a person new to Tutori is added
    # at once, a person with an account is invited (a member once they accept).
    ADD = "add"
    CHANGE = "change"  # an open membership gets another role
    UNCHANGED = "unchanged"


@dataclass
class RosterProblem:
    line: int
    message: str


@dataclass
class RosterCheck:
    """The outcome of checking a file: problems, or the rows it would write."""

    problems: list[RosterProblem] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    preview: RosterImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RoleNames:
    """A role's internal code and the names a roster may give it, in each UI language (the
    name shown in the interface first)."""

    value: str
    names: dict[str, list[str]]

    def in_language(self, language: str | None = None) -> list[str]:
        code = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return self.names.get(code) or self.names[settings.LANGUAGE_CODE]


def role_names() -> list[RoleNames]:
    """Every role with its names in Finnish, Swedish and English, from the roles' own
    labels (and their other names) in the catalogue."""
    result = []
    for role in Role:
        names: dict[str, list[str]] = {}
        for language in UI_LANGUAGES:
            with translation.override(language):
                found = [str(role.label)]
                other = ROLE_OTHER_NAMES.get(role)
                if other is not None and str(other).casefold() not in (
                    name.casefold() for name in found
                ):
                    found.append(str(other))
            names[language] = found
        result.append(RoleNames(value=role.value, names=names))
    return result


def _role_lookup() -> dict[str, str]:
    """Role codes and every name of a role in every UI language, folded, to the role code."""
    lookup = {value: value for value in Role.values}
    for entry in role_names():
        for names in entry.names.values():
            for name in names:
                lookup.setdefault(name.casefold(), entry.value)
    return lookup


def roles_accepted() -> str:
    """The role names a roster accepts, in the reader's language, then the codes."""
    names = [name for entry in role_names() for name in entry.in_language()]
    return _("%(names)s tai koodit %(codes)s") % {
        "names": ", ".join(names),
        "codes": ", ".join(Role.values),
    }


def _limits() -> TableLimits:
    return TableLimits(max_bytes=settings.ROSTER_MAX_BYTES, max_rows=settings.ROSTER_MAX_ROWS)


def _header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column positions by field name, and the required columns that are missing."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip().casefold()
        for field_name, aliases in COLUMNS.items():
            if name in aliases and field_name not in positions:
                positions[field_name] = index
    missing = [name for name in REQUIRED if name not in positions]
    return positions, missing


def roster_parse(
    *, by: User, filename: str, data: bytes
) -> tuple[list[dict[str, Any]], list[RosterProblem]]:
    """Every row of the file checked against the organisations ``by`` manages.

    Returns the rows to write (with organisation ids and role values) and every problem
    found, each with its line number (the header is line 1).
    """
    # Blank lines are ignored, but line numbers stay those of the file.
    numbered = table_rows(filename=filename, data=data, limits=_limits())
    if not numbered:
        raise ApplicationError(_("Tiedosto on tyhjä."))
    header_line, header_cells = numbered[0]
    positions, missing = _header(header_cells)
    if missing:
        names = ", ".join(missing)
        raise ApplicationError(
            _(
                "Rivi %(line)s: otsikkorivistä puuttuu sarake: %(columns)s. Tarvittavat "
                "sarakkeet: name, email, organisation, role (valinnaiset: phone, language)."
            )
            % {"line": header_line, "columns": names}
        )
    body = numbered[1:]
    if not body:
        raise ApplicationError(_("Tiedostossa ei ole yhtään henkilöriviä."))

    organisations: dict[str, list[Organisation]] = {}
    managed = Organisation.objects.visible_to(by, "orgs.manage_people")
    for organisation in managed.only("id", "name"):
        organisations.setdefault(organisation.name.strip().casefold(), []).append(organisation)
    roles = _role_lookup()
    allowed_roles = roles_accepted()

    rows: list[dict[str, Any]] = []
    problems: list[RosterProblem] = []
    seen: dict[tuple[str, int], int] = {}

    def cell(row: list[str], name: str) -> str:
        index = positions.get(name)
        if index is None or index >= len(row):
            return ""
        return clean_text(row[index])

    for line, row in body:
        line_problems: list[str] = []
        name = cell(row, "name")
        email = email_normalise(cell(row, "email"))
        organisation_name = cell(row, "organisation")
        role_text = cell(row, "role")
        phone = cell(row, "phone")
        language = cell(row, "language").lower()
        if not name:
            line_problems.append(_("nimi puuttuu"))
        elif len(name) > 150:
            line_problems.append(_("nimi on liian pitkä"))
        if not email:
            line_problems.append(_("sähköposti puuttuu"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                line_problems.append(
                    _("sähköpostiosoite ”%(email)s” ei ole kelvollinen") % {"email": email[:80]}
                )
        matches = organisations.get(organisation_name.casefold(), []) if organisation_name else []
        if not organisation_name:
            line_problems.append(_("organisaatio puuttuu"))
        elif not matches:
            line_problems.append(
                _("tuntematon organisaatio ”%(name)s” (tai sinulla ei ole oikeutta siihen)")
                % {"name": organisation_name[:80]}
            )
        elif len(matches) > 1:
            line_problems.append(
                _("organisaation nimi ”%(name)s” ei ole yksiselitteinen")
                % {"name": organisation_name[:80]}
            )
        role = roles.get(role_text.casefold()) if role_text else None
        if not role_text:
            line_problems.append(_("rooli puuttuu"))
        elif role is None:
            line_problems.append(
                _("tuntematon rooli ”%(role)s” (sallitut: %(allowed)s)")
                % {"role": role_text[:40], "allowed": allowed_roles}
            )
        if len(phone) > PHONE_MAX_LENGTH:
            line_problems.append(_("puhelinnumero on liian pitkä"))
        for label, text in ((_("nimi"), name), (_("puhelin"), phone)):
            if problem := text_problem(text):  # one line, visible, no control characters
                line_problems.append(f"{label}: {problem}")
        if language and language not in LANGUAGES:
            line_problems.append(
                _("tuntematon kieli ”%(language)s” (sallitut: fi, sv, en)")
                % {"language": language[:10]}
            )
        if email and len(matches) == 1:
            key = (email, matches[0].pk)
            if key in seen:
                line_problems.append(
                    _("sama henkilö ja organisaatio kuin rivillä %(line)s") % {"line": seen[key]}
                )
            else:
                seen[key] = line
        if line_problems:
            problems.append(RosterProblem(line=line, message="; ".join(line_problems)))
            continue
        rows.append(
            {
                "line": line,
                "name": name,
                "email": email,
                "organisation_id": matches[0].pk,
                "organisation": matches[0].name,
                "role": role,
                "phone": phone,
                "language": language,
            }
        )
    return rows, problems


@dataclass
class _Plan:
    """What applying rows finds in the database: the people named (by address) and their
    open roles (by person and organisation)."""

    people: dict[str, User]
    open_memberships: dict[tuple[int, int], Membership]
    # People without a password who hold a link that still works
    waiting_links: set[int] = field(default_factory=set)


def _plan(rows: list[dict[str, Any]]) -> _Plan:
    """Say for each row what applying it will do: add (a role in an organisation where the
    person has none), change (another role) or unchanged.

    "add" is one action whether or not the address has an account somewhere: a person new to
    Tutori is added at once, a person with an account is invited, and the preview does not
    tell which (it would tell a coordinator who has an account anywhere).
    """
    emails = {row["email"] for row in rows}
    people = {
        str(u.email): u
        for u in User.objects.filter(email__in=emails).only(
            "id", "email", "display_name", "password", "preferred_language", "is_active"
        )
    }
    # The people's roles in every organisation: what the import will change, not a view.
    with scopes_disabled():
        open_memberships = {
            (m.user_id, m.organisation_id): m
            for m in Membership.objects.filter(
                user_id__in=[u.pk for u in people.values()], active_to__isnull=True
            )
        }
    for row in rows:
        row.pop("previous_role", None)
        person = people.get(row["email"])
        current = open_memberships.get((person.pk, row["organisation_id"])) if person else None
        if current is None:
            row["action"] = Action.ADD
        elif current.role != row["role"]:
            row["action"] = Action.CHANGE
            row["previous_role"] = current.role
        else:
            row["action"] = Action.UNCHANGED
    without_password = [u.pk for u in people.values() if not u.has_usable_password()]
    with scopes_disabled():
        waiting_links = set(
            Invitation.objects.waiting()
            .filter(user_id__in=without_password)
            .values_list("user_id", flat=True)
        )
    return _Plan(people=people, open_memberships=open_memberships, waiting_links=waiting_links)


def _summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {Action.ADD: 0, Action.CHANGE: 0, Action.UNCHANGED: 0}
    for row in rows:
        counts[row["action"]] += 1
    counts["total"] = len(rows)
    return counts


def roster_check(*, by: User, filename: str, data: bytes) -> RosterCheck:
    """Check a whole file. With no problem, a preview is saved for ``roster_apply``."""
    require_right(rules.has_perm("orgs.import_roster", by))
    try:
        rows, problems = roster_parse(by=by, filename=filename, data=data)
    except ApplicationError as error:
        return RosterCheck(problems=[RosterProblem(line=0, message=str(error.message))])
    if problems:
        return RosterCheck(problems=problems)
    _plan(rows)
    preview = RosterImport.objects.create(
        created_by=by, filename=filename[:255], rows=rows, summary=_summary(rows)
    )
    return RosterCheck(rows=rows, preview=preview)


def roster_import_get(*, by: User, pk: int) -> RosterImport | None:
    """A roster import its creator may see; others get None (404)."""
    return RosterImport.objects.visible_to(by).filter(pk=pk, created_by=by).first()


@transaction.atomic
def roster_apply(
    *, by: User, roster_import: RosterImport, request_base_url: str | None = None
) -> dict[str, int]:
    """Apply a checked preview: every row or, on any failure, none.

    Written in bulk, a few queries for the whole file: the people new to Tutori, their
    memberships and the changed roles are each one ``bulk_create`` or ``UPDATE`` (SQLite
    splits an insert into batches of 999 values), with their audit entries. People who have
    an account get an invitation (and its mail) instead of a membership; people new to Tutori,
    and members already here who cannot log in yet, get a link that sets their password.
    Links point to ``request_base_url`` (the site's address from the request), else to
    ``settings.SITE_URL``.
    """
    if roster_import.created_by_id != by.pk:
        raise ApplicationError(_("Tätä tuontia ei löydy."))
    # Claim the preview with a conditional UPDATE, so a double click applies it once.
    claimed = (
        RosterImport.objects.visible_to(by)
        .filter(pk=roster_import.pk, status=RosterImport.Status.PREVIEW)
        .update(status=RosterImport.Status.APPLIED, applied_at=timezone.now())
    )
    if not claimed:
        raise ApplicationError(_("Tämä henkilölista on jo tuotu."))
    manageable = {o.pk: o for o in Organisation.objects.visible_to(by, "orgs.manage_people")}
    rows = list(roster_import.rows)
    plan = _plan(rows)  # the world may have changed since the preview
    for row in rows:
        if row["organisation_id"] not in manageable:
            raise ApplicationError(
                _("Rivi %(line)s: sinulla ei ole enää oikeutta organisaatioon %(name)s.")
                % {"line": row["line"], "name": row["organisation"]}
            )

    new_people: dict[str, User] = {}
    for row in rows:
        if row["email"] not in plan.people and row["email"] not in new_people:
            person = User(
                email=row["email"],
                display_name=row["name"],
                phone=row.get("phone", ""),
                preferred_language=row.get("language") or settings.LANGUAGE_CODE,
            )
            person.set_unusable_password()
            new_people[row["email"]] = person
    created: list[Membership] = []
    ended: list[Membership] = []
    invitations: list[tuple[Invitation, str]] = []
    invited: set[str] = set()  # addresses that get a link in this import

    def invite(row: dict[str, Any], person: User, *, membership_on_accept: bool) -> None:
        invitations.append(
            invitation_build(
                by=by,
                user=person,
                organisation=manageable[row["organisation_id"]],
                role=row["role"],
                display_name=row["name"],
                membership_on_accept=membership_on_accept,
            )
        )
        invited.add(row["email"])

    for row in rows:
        organisation = manageable[row["organisation_id"]]
        if row["action"] == Action.UNCHANGED:
            continue
        if row["action"] == Action.ADD and row["email"] in plan.people:
            # A person with an account joins by accepting: the link is their invitation.
            invite(row, plan.people[row["email"]], membership_on_accept=True)
            continue
        person = plan.people.get(row["email"]) or new_people[row["email"]]
        if row["action"] == Action.CHANGE:
            current = plan.open_memberships[(person.pk, organisation.pk)]
            current.user, current.organisation = person, organisation
            ended.append(current)
        created.append(
            Membership(user=person, organisation=organisation, role=row["role"], created_by=by)
        )
        if row["email"] in new_people and row["email"] not in invited:
            # A person new to Tutori is a member at once; the link sets their password.
            invite(row, person, membership_on_accept=False)
    # Members already here who cannot log in yet (imported before, or their link expired)
    # get a link too, unless one of their links still works.
    for row in rows:
        member = plan.people.get(row["email"])
        if (
            member is None
            or row["email"] in invited
            or row["action"] == Action.ADD
            or member.has_usable_password()
            or not member.is_active
            or member.pk in plan.waiting_links
        ):
            continue
        invite(row, member, membership_on_accept=False)

    try:
        with transaction.atomic():
            User.objects.bulk_create(new_people.values())
            _memberships_end(by=by, memberships=ended)
            Membership.objects.bulk_create(created)
    except IntegrityError as exc:  # someone added the same person or role meanwhile
        raise ApplicationError(
            _("Henkilölistaa ei tuotu, koska tiedot muuttuivat samaan aikaan. Yritä uudelleen.")
        ) from exc
    for invitation, _token in invitations:
        # A person created just above has an id now: assigning the person again copies it
        # (setting user_id alone would drop the person and read them back, one query each).
        invitation.user = invitation.user
    invitations_supersede(
        by=by, pairs=[(i.user_id, i.organisation_id) for i, _token in invitations]
    )
    Invitation.objects.bulk_create([invitation for invitation, _token in invitations])
    rendered: dict[tuple[Any, ...], tuple[str, str]] = {}
    for invitation, token in invitations:
        invitation_mail(
            invitation=invitation,
            token=token,
            request_base_url=request_base_url,
            rendered=rendered,
        )
    audit_many(
        changes=[(None, person) for person in new_people.values()]
        + [(None, membership) for membership in created],
        actor=by,
    )
    forget(by)

    summary = {**_summary(rows), "invited": len(invitations)}
    RosterImport.objects.visible_to(by).filter(pk=roster_import.pk).update(
        rows=rows, summary=summary
    )
    roster_import.refresh_from_db()
    return summary


def _memberships_end(*, by: User, memberships: list[Membership]) -> None:
    """End these open memberships today (a role change: the new one starts today), in one
    UPDATE; the audit trail records each."""
    if not memberships:
        return
    end = today()
    befores = [copy.copy(m) for m in memberships]
    rows = Membership.objects.visible_to(by).filter(
        pk__in=[m.pk for m in memberships], active_to__isnull=True
    )
    rows.filter(active_from__gt=end).update(active_from=end)
    if rows.update(active_to=end) != len(memberships):
        raise IntegrityError("a membership ended meanwhile")
    for membership in memberships:
        membership.active_from = min(membership.active_from, end)
        membership.active_to = end
    audit_many(changes=list(zip(befores, memberships, strict=True)), actor=by)
