"""School breaks (syysloma, joululoma, talviloma…) a coordinator sets for their organisation,
and the days off a weekly time skips: the breaks of its organisation and of every
organisation above it, and Finland's public holidays."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import ANY_DATE
from tutori.orgs.models import Organisation, path_ids
from tutori.tutoring import permissions
from tutori.tutoring.days_off import BREAK, HOLIDAY, DayOff, public_holidays
from tutori.tutoring.models import SchoolBreak

# The summer holiday is the longest break a school has (about ten weeks).
MAX_BREAK_DAYS = 100


def _require_curator(by: User, organisation: Organisation) -> None:
    if not permissions.can_curate_in(by, organisation):
        raise PermissionDeniedError(_("Vain organisaation koordinaattori voi muokata sen lomia."))


def _checked(school_break: SchoolBreak) -> SchoolBreak:
    school_break.name = clean_text(school_break.name)
    if not school_break.name:
        raise ApplicationError(_("Anna lomalle nimi."))
    for day in (school_break.starts_on, school_break.ends_on):
        problem = ANY_DATE.problem(day)
        if problem:
            raise ApplicationError(problem)
    if school_break.ends_on < school_break.starts_on:
        raise ApplicationError(_("Loma ei voi päättyä ennen kuin se alkaa."))
    if (school_break.ends_on - school_break.starts_on).days + 1 > MAX_BREAK_DAYS:
        raise ApplicationError(
            _("Loma voi kestää enintään %(days)d päivää.") % {"days": MAX_BREAK_DAYS}
        )
    try:
        school_break.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    return school_break


@scopes_disabled()
@transaction.atomic
def school_break_create(
    *, by: User, organisation: Organisation, name: str, starts_on: date, ends_on: date
) -> SchoolBreak:
    """A break of ``organisation``: weekly times published there and below skip it."""
    _require_curator(by, organisation)
    school_break = _checked(
        SchoolBreak(organisation=organisation, name=name, starts_on=starts_on, ends_on=ends_on)
    )
    school_break.save()
    return school_break


@scopes_disabled()
@transaction.atomic
def school_break_update(
    *, by: User, school_break: SchoolBreak, name: str, starts_on: date, ends_on: date
) -> SchoolBreak:
    """Rename or move a break. Times published before keep their days: the break applies
    to weekly times published from now on."""
    _require_curator(by, school_break.organisation)
    school_break.name, school_break.starts_on, school_break.ends_on = name, starts_on, ends_on
    _checked(school_break).save(update_fields=["name", "starts_on", "ends_on"])
    return school_break


@scopes_disabled()
@transaction.atomic
def school_break_delete(*, by: User, school_break: SchoolBreak) -> None:
    """Remove a break (a setting, not a record: the series that skipped it keep the list
    of what they skipped)."""
    _require_curator(by, school_break.organisation)
    SchoolBreak.objects.filter(pk=school_break.pk).delete()


@scopes_disabled()
def days_off(organisation: Organisation, first: date, until: date) -> dict[date, DayOff]:
    """Every day from ``first`` to ``until`` that weekly times of ``organisation`` skip: the
    breaks of the organisation and of those above it (a break's days within the range), and
    the public holidays. A holiday within a break is part of the break."""
    found: dict[date, DayOff] = {}
    breaks = SchoolBreak.objects.filter(
        organisation_id__in=path_ids(organisation.path) or [organisation.pk],
        starts_on__lte=until,
        ends_on__gte=first,
    ).order_by("starts_on", "pk")
    for school_break in breaks:
        start, end = max(school_break.starts_on, first), min(school_break.ends_on, until)
        day = start
        while day <= end:
            found.setdefault(
                day,
                DayOff(day, BREAK, school_break.name, starts_on=start, ends_on=end),
            )
            day += timedelta(days=1)
    for day, name in public_holidays(first, until, language="fi").items():
        found.setdefault(day, DayOff(day, HOLIDAY, name))
    return found
