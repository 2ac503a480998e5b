"""The funder report (part D): one document that a coordinator hands to a funder (ESR, OPH's
tutor-teacher grants), composed of the other reports' sections, so that its page, PDF and
XLSX show the very numbers of those reports.

- *A programme*: what the training was (organiser, dates, credits, meetings and hours,
  participants), how the participants progressed (the attrition funnel and reasons), how
  their self-assessment changed (the pre/post report, when a pre and a post survey are
  linked) and what they said of it (the feedback report).
- *An area and a period* (a municipality or unit the reader oversees, from one school term to
  another): tutoring's impact (hours, people reached, schools, topics, substitute spend per
  hour, the trend) and the programmes its organisations ran in the period, each with its
  funnel.

Nothing here counts anything itself: every figure comes from a part's selector and passed
that part's suppression (``core.privacy``) there. Who may read what is asked by the view
(``evaluation.read`` on the programme, ``evaluation.tutoring_impact`` and the unit's
choice for an area).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tutori.access import engine
from tutori.core import privacy
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.document import Document, Figures, Section, Table, Text
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.evaluation.selectors import attrition as attrition_selectors
from tutori.evaluation.selectors import feedback as feedback_selectors
from tutori.evaluation.selectors import impact as impact_selectors
from tutori.evaluation.selectors import prepost as prepost_selectors
from tutori.orgs.models import Organisation
from tutori.programmes import permissions as programme_rules
from tutori.programmes.models import Participant, Programme, Session

Term = impact_selectors.Term


def _day(day: date | None) -> str:
    return formats.date_format(day, "j.n.Y") if day else ""


def readable_programmes(user: Any) -> QuerySet[Programme]:
    """The programmes whose reports ``user`` reads (``evaluation.read``: who manages the
    programme or steers it; a platform admin every one), newest first."""
    qs = Programme.objects.visible_to(user)
    if not engine.reach(user).is_admin:
        qs = qs.filter(
            engine.ids_q(user, "organisation_id", programme_rules.ORGANISER_ROLES)
            | Q(
                pk__in=Programme.steering_group.through.objects.filter(user=user).values(
                    "programme_id"
                )
            )
        )
    return qs.select_related("organisation").order_by("-starts_on", "name", "pk")


# --- A programme ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeFacts:
    sessions: int
    hours: Decimal
    participants: int  # ever enrolled (enrolled, completed, left)


@scopes_disabled()
def programme_facts(programme: Programme) -> ProgrammeFacts:
    """The programme's held meetings, their hours and how many took part (two queries)."""
    held = Session.objects.filter(
        programme=programme, kind=Session.Kind.MEETING, cancelled_at__isnull=True
    ).aggregate(n=Count("pk"), hours=Sum("hours"))
    took_part = Participant.objects.filter(
        programme=programme,
        status__in=(
            Participant.Status.ENROLLED,
            Participant.Status.COMPLETED,
            Participant.Status.LEFT,
        ),
    ).count()
    return ProgrammeFacts(held["n"] or 0, held["hours"] or Decimal(0), took_part)


def _programme_overview(programme: Programme, found: ProgrammeFacts) -> Section:
    figures: list[tuple[str, Any]] = []
    if programme.credits:
        figures.append((_("Opintopisteet"), programme.credits))
    figures += [
        (_("Lähijaksoja"), found.sessions),
        (_("Lähijaksojen tunnit"), found.hours),
        (_("Osallistujia"), privacy.shown(found.participants)),
    ]
    blocks: list[Any] = [Figures(figures)]
    if programme.description:
        blocks.append(Text(programme.description))
    if programme.target_group:
        blocks.append(Text(_("Kohderyhmä: %(group)s") % {"group": programme.target_group}))
    if programme.themes:
        blocks.append(Text(_("Teemat: %(themes)s") % {"themes": ", ".join(programme.themes)}))
    return Section(_("Koulutus"), blocks, anchor="funder-programme")


def _evaluation(programme: Programme) -> ProgrammeEvaluation | None:
    with scopes_disabled():
        return ProgrammeEvaluation.objects.filter(programme=programme).first()


def programme_document(*, user: Any, programme: Programme) -> Document:
    """The funder report of ``programme`` (the caller checked ``evaluation.read``)."""
    found = programme_facts(programme)
    facts: list[tuple[str, Any]] = [
        (_("Koulutus"), programme.name),
        (_("Järjestäjä"), programme.organisation.name),
    ]
    if programme.starts_on and programme.ends_on:
        facts.append((_("Ajankohta"), f"{_day(programme.starts_on)}–{_day(programme.ends_on)}"))
    if programme.credits:
        facts.append((_("Opintopisteet"), programme.credits))
    facts += [
        (_("Osallistujia"), privacy.shown(found.participants)),
        (_("Raportti laadittu"), timezone.localdate()),
    ]
    sections = [_programme_overview(programme, found)]
    sections += attrition_selectors.attrition_sections(programme=programme)
    evaluation = _evaluation(programme)
    if evaluation is not None and evaluation.pre_survey_id and evaluation.post_survey_id:
        sections += prepost_selectors.prepost_sections(user=user, programme=programme)
    else:
        sections.append(
            Section(
                _("Alku- ja loppuarviointi"),
                [
                    Text(
                        _("Koulutukseen ei ole liitetty alku- ja loppuarviointia."),
                        tone="note",
                    )
                ],
                anchor="funder-prepost",
            )
        )
    sections += feedback_selectors.feedback_sections(programme=programme, texts=True)
    return Document(
        title=_("Rahoittajaraportti: %(programme)s") % {"programme": programme.name},
        facts=facts,
        sections=sections,
        filename=f"rahoittajaraportti-{programme.name}",
    )


# --- An area and a period -------------------------------------------------------------------


def unit_choices(user: Any) -> list[Organisation]:
    """The units an area report can be narrowed to (tutoring impact's choices)."""
    return impact_selectors.unit_choices(user)


def term_choices() -> list[Term]:
    return impact_selectors.term_choices()


def term_from_key(key: str) -> Term | None:
    return impact_selectors.term_from_key(key)


def area_programmes(
    *, user: Any, organisation: Organisation | None, start: date, end: date
) -> list[Programme]:
    """The programmes of ``organisation`` (and the units below it; None: wherever ``user``
    reads programme reports) that ran in the period, i.e. overlap it, oldest first."""
    qs = readable_programmes(user).filter(
        Q(starts_on__lte=end) | Q(starts_on__isnull=True),
        Q(ends_on__gte=start) | Q(ends_on__isnull=True),
    )
    qs = qs.exclude(starts_on__isnull=True, ends_on__isnull=True)
    if organisation is not None:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    return list(qs.order_by("starts_on", "name", "pk"))


def _programmes_section(programmes: Sequence[Programme]) -> Section:
    section = Section(_("Koulutukset"), anchor="funder-programmes")
    if not programmes:
        section.blocks.append(
            Text(_("Alueella ei ollut koulutuksia tällä ajanjaksolla."), tone="note")
        )
        return section
    section.blocks.append(
        Table(
            title=_("Koulutukset ajanjaksolla"),
            header=[_("Koulutus"), _("Järjestäjä"), _("Ajankohta")],
            rows=[
                [p.name, p.organisation.name, f"{_day(p.starts_on)}–{_day(p.ends_on)}"]
                for p in programmes
            ],
            numeric=[],
            sheet=_("Koulutukset"),
        )
    )
    section.blocks.append(attrition_selectors.programmes_funnel_table(programmes))
    return section


def area_document(
    *, user: Any, organisation: Organisation | None, start: Term, end: Term
) -> Document:
    """The funder report of an area (``organisation``; None: every unit ``user`` oversees)
    from the term ``start`` to the term ``end`` (the caller checked
    ``evaluation.tutoring_impact`` and that the unit is one of ``unit_choices``)."""
    area = organisation.name if organisation is not None else _("Kaikki yksikkösi")
    period = f"{_day(start.start)}–{_day(end.end)}"
    sections = impact_selectors.impact_sections(
        user=user, organisation=organisation, start=start.start, end=end.end
    )
    programmes = area_programmes(
        user=user, organisation=organisation, start=start.start, end=end.end
    )
    sections.append(_programmes_section(programmes))
    return Document(
        title=_("Rahoittajaraportti: %(area)s") % {"area": area},
        facts=[
            (_("Alue"), area),
            (_("Ajanjakso"), period),
            (_("Raportti laadittu"), timezone.localdate()),
        ],
        sections=sections,
        filename=f"rahoittajaraportti-{area}-{start.key}-{end.key}",
    )
