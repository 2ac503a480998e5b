"""Roster import: a CSV or XLSX list of people checked in full, previewed, then applied at once.

``roster_check`` reads a file and returns every problem with its line number, or a saved
preview (``RosterImport``) that says what each line will do. ``roster_apply`` carries a
preview out in one transaction: either every line takes effect or none does.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, Role, RosterImport
from tutori.orgs.services import (
    membership_change_role,
    membership_create,
    person_find_or_create,
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


class Action:
    CREATE = "create"  # a new person and a new membership
    ADD = "add"  # an existing person gets a membership
    CHANGE = "change"  # an existing membership gets another role
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


def _role_lookup() -> dict[str, str]:
    """Role values and their labels in every UI language, folded, to the role value."""
    lookup: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in Role.choices:
                lookup[str(label).casefold()] = value
    for value in Role.values:
        lookup[value] = value
    return lookup


def _read_table(filename: str, data: bytes) -> list[list[str]]:
    """The file's cells as text, row by row. Raises ApplicationError for an unreadable file."""
    if not data.strip():
        raise ApplicationError(_("Tiedosto on tyhjä."))
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise ApplicationError(
        _("Tiedostotyyppiä ei tueta. Käytä CSV- tai XLSX-tiedostoa (.csv, .xlsx).")
    )


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(
            _(
                "Tiedoston merkistö ei ole UTF-8. Tallenna tiedosto muodossa "
                "”CSV UTF-8” ja yritä uudelleen."
            )
        ) from exc
    if "\x00" in text:
        raise ApplicationError(_("Tiedosto ei ole tekstimuotoinen CSV-tiedosto."))
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ApplicationError(_("CSV-tiedostoa ei voi lukea: %(error)s") % {"error": exc}) from exc


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ApplicationError(_("Tiedosto ei ole kelvollinen XLSX-tiedosto.")) from exc
    except Exception as exc:  # openpyxl raises its own errors for damaged workbooks
        raise ApplicationError(_("Tiedosto ei ole kelvollinen XLSX-tiedosto.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in values])
            if len(rows) > settings.ROSTER_MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


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
    if len(data) > settings.ROSTER_MAX_BYTES:
        raise ApplicationError(
            _("Tiedosto on liian suuri (enintään %(mb)s Mt).")
            % {"mb": settings.ROSTER_MAX_BYTES // (1024 * 1024)}
        )
    table = _read_table(filename, data)
    # Blank lines are ignored, but line numbers stay those of the file.
    numbered = [
        (number, row) for number, row in enumerate(table, start=1) if any(c.strip() for c in row)
    ]
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
    if len(body) > settings.ROSTER_MAX_ROWS:
        raise ApplicationError(
            _("Tiedostossa on liikaa rivejä (enintään %(max)s).")
            % {"max": settings.ROSTER_MAX_ROWS}
        )

    organisations: dict[str, list[Organisation]] = {}
    managed = Organisation.objects.visible_to(by, "orgs.manage_people")
    for organisation in managed.only("id", "name"):
        organisations.setdefault(organisation.name.strip().casefold(), []).append(organisation)
    roles = _role_lookup()

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
        email = cell(row, "email").lower()
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
                % {"role": role_text[:40], "allowed": ", ".join(Role.values)}
            )
        if len(phone) > 40:
            line_problems.append(_("puhelinnumero on liian pitkä"))
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


def _plan(rows: list[dict[str, Any]]) -> None:
    """Say for each row what applying it will do (create, add, change, unchanged)."""
    emails = {row["email"] for row in rows}
    people = {u.email: u.pk for u in User.objects.filter(email__in=emails).only("id", "email")}
    # The people's roles in every organisation: what the import will change, not a view.
    with scopes_disabled():
        open_roles = {
            (m.user_id, m.organisation_id): m.role
            for m in Membership.objects.filter(
                user_id__in=people.values(), active_to__isnull=True
            ).only("user_id", "organisation_id", "role")
        }
    for row in rows:
        user_id = people.get(row["email"])
        if user_id is None:
            row["action"] = Action.CREATE
            continue
        current = open_roles.get((user_id, row["organisation_id"]))
        if current is None:
            row["action"] = Action.ADD
        elif current != row["role"]:
            row["action"] = Action.CHANGE
            row["previous_role"] = current
        else:
            row["action"] = Action.UNCHANGED


def _summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {Action.CREATE: 0, Action.ADD: 0, Action.CHANGE: 0, Action.UNCHANGED: 0}
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
def roster_apply(*, by: User, roster_import: RosterImport) -> dict[str, int]:
    """Apply a checked preview: every row or, on any failure, none."""
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
    _plan(rows)  # the world may have changed since the preview
    for row in rows:
        organisation = manageable.get(row["organisation_id"])
        if organisation is None:
            raise ApplicationError(
                _("Rivi %(line)s: sinulla ei ole enää oikeutta organisaatioon %(name)s.")
                % {"line": row["line"], "name": row["organisation"]}
            )
        user, _created = person_find_or_create(
            email=row["email"],
            display_name=row["name"],
            phone=row.get("phone", ""),
            language=row.get("language", ""),
        )
        if row["action"] in (Action.CREATE, Action.ADD):
            membership_create(by=by, user=user, organisation=organisation, role=row["role"])
        elif row["action"] == Action.CHANGE:
            membership = Membership.objects.visible_to(by).get(
                user=user, organisation=organisation, active_to__isnull=True
            )
            membership_change_role(by=by, membership=membership, role=row["role"])
    summary = _summary(rows)
    RosterImport.objects.visible_to(by).filter(pk=roster_import.pk).update(
        rows=rows, summary=summary
    )
    roster_import.refresh_from_db()
    return summary
