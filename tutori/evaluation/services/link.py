"""Linking a programme's evaluation surveys (part A): its pre and post self-assessment (the
same instrument, so that the answers pair per person and question key) and its feedback
survey; making one of them from the built-in instrument.

Every refusal is an ``ApplicationError`` with a clear message and leaves everything as it
was (the change is one transaction)."""

from __future__ import annotations

from typing import Any

import rules
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.models import path_ids
from tutori.programmes.models import Programme
from tutori.surveys import instruments
from tutori.surveys.models import Purpose, Survey
from tutori.surveys.services.builder import survey_from_instrument

KINDS = ("pre", "post", "feedback")


def _require_link(by: Any, programme: Programme) -> None:
    if not rules.has_perm("evaluation.link", by, programme):
        raise PermissionDeniedError(
            _("Sinulla ei ole oikeutta valita tämän koulutuksen arviointikyselyitä.")
        )


def _lineage(survey: Survey) -> set[int]:
    """The instrument the survey was made from and the one that instrument was copied from."""
    ids: set[int] = set()
    if survey.instrument_id is not None:
        ids.add(survey.instrument_id)
        parent = survey.instrument.instrument_id if survey.instrument else None
        if parent is not None:
            ids.add(parent)
    return ids


def same_instrument(pre: Survey, post: Survey) -> bool:
    """Made from the same instrument, or one from the other's instrument's copy (an
    organisation's own copy of the built-in self-assessment keeps its question keys)."""
    if pre.instrument_id is None or post.instrument_id is None:
        return False
    return pre.instrument_id == post.instrument_id or bool(
        {pre.instrument_id} & _lineage(post) or {post.instrument_id} & _lineage(pre)
    )


def _chosen(
    by: Any, programme: Programme, survey_id: int | None, current_id: int | None
) -> Survey | None:
    """The survey ``survey_id`` names, if ``by`` may link it to ``programme``: a survey (not
    an instrument) of the organiser or an organisation above it that ``by`` may edit (or the
    one linked already: another coordinator's choice stays when one changes the others)."""
    if survey_id is None:
        return None
    with scopes_disabled():
        survey = (
            Survey.objects.select_related("organisation", "instrument")
            .filter(pk=survey_id, is_instrument=False)
            .first()
        )
    if (
        survey is None
        or survey.organisation_id not in path_ids(programme.organisation.path)
        or (survey.pk != current_id and not rules.has_perm("surveys.edit", by, survey))
    ):
        raise ApplicationError(
            _(
                "Valitse kysely, joka on koulutuksen järjestäjän (tai sen yläpuolisen "
                "organisaation) kysely ja jota voit muokata."
            )
        )
    return survey


@transaction.atomic
def evaluation_link(
    *,
    by: Any,
    programme: Programme,
    pre_id: int | None,
    post_id: int | None,
    feedback_id: int | None,
) -> ProgrammeEvaluation:
    """Link the programme's pre, post and feedback surveys (None: none). Refused: a survey
    ``by`` may not link, the pre and post the same survey or not of the same instrument, a
    feedback survey whose purpose is not feedback, a survey of another programme's
    evaluation, and changing a survey whose invitations already went."""
    _require_link(by, programme)
    if programme.status == Programme.Status.CANCELLED:
        raise ApplicationError(_("Koulutus on peruttu: sen arviointia ei voi enää muuttaa."))
    with scopes_disabled():
        # One change of a programme's evaluation at a time (two tabs saving at once would
        # both create it): the programme's row is locked until the change commits.
        Programme.objects.select_for_update().filter(pk=programme.pk).exists()
        current = ProgrammeEvaluation.objects.filter(programme=programme).values().first() or {}
    pre = _chosen(by, programme, pre_id, current.get("pre_survey_id"))
    post = _chosen(by, programme, post_id, current.get("post_survey_id"))
    feedback = _chosen(by, programme, feedback_id, current.get("feedback_survey_id"))
    if pre is not None and post is not None:
        if pre.pk == post.pk:
            raise ApplicationError(_("Alku- ja loppuarviointi eivät voi olla sama kysely."))
        if not same_instrument(pre, post):
            raise ApplicationError(
                _(
                    "Alku- ja loppuarviointi on tehtävä samasta mittarista, jotta vastauksia "
                    "voi verrata kysymys kysymykseltä."
                )
            )
    if feedback is not None:
        if feedback.purpose != Purpose.FEEDBACK:
            raise ApplicationError(
                _("Palautekyselyksi voi valita vain kyselyn, jonka tarkoitus on palaute.")
            )
        if feedback.pk in {s.pk for s in (pre, post) if s is not None}:
            raise ApplicationError(
                _("Palautekysely ei voi olla sama kuin alku- tai loppuarviointi.")
            )
    with scopes_disabled():
        evaluation = (
            ProgrammeEvaluation.objects.select_for_update().filter(programme=programme).first()
        )
        chosen = {"pre": pre, "post": post, "feedback": feedback}
        ids = [s.pk for s in chosen.values() if s is not None]
        others = (
            ProgrammeEvaluation.objects.exclude(programme=programme)
            .filter(
                Q(pre_survey_id__in=ids) | Q(post_survey_id__in=ids) | Q(feedback_survey_id__in=ids)
            )
            .select_related("programme")
            .first()
            if ids
            else None
        )
    if others is not None:
        raise ApplicationError(
            _("Kysely on jo toisen koulutuksen arvioinnissa: %(programme)s")
            % {"programme": others.programme.name}
        )
    if evaluation is None:
        evaluation = ProgrammeEvaluation(programme=programme, created_by=by)
    sent = {
        "pre": _("Alkuarvioinnin kutsut on jo lähetetty: kyselyä ei voi enää vaihtaa."),
        "post": _("Loppuarvioinnin kutsut on jo lähetetty: kyselyä ei voi enää vaihtaa."),
        "feedback": _("Palautekyselyn kutsut on jo lähetetty: kyselyä ei voi enää vaihtaa."),
    }
    for kind, survey in chosen.items():
        current = getattr(evaluation, f"{kind}_survey_id")
        new = survey.pk if survey is not None else None
        if current != new and getattr(evaluation, f"{kind}_sent_at") is not None:
            raise ApplicationError(sent[kind])
    evaluation.pre_survey = pre
    evaluation.post_survey = post
    evaluation.feedback_survey = feedback
    with scopes_disabled():
        evaluation.save()
    return evaluation


# The built-in instrument a new survey of each kind is made from.
_BUILT_IN = {
    "pre": instruments.SELF_ASSESSMENT,
    "post": instruments.SELF_ASSESSMENT,
    "feedback": instruments.COURSE_FEEDBACK,
}


@transaction.atomic
def evaluation_survey_create(*, by: Any, programme: Programme, kind: str) -> Survey:
    """Make the programme's pre, post or feedback survey (a draft of the organiser) and link
    it: the pre or post from the instrument of the other one when that is linked (so that they
    pair), else from the built-in self-assessment; the feedback from the built-in course
    feedback."""
    _require_link(by, programme)
    if kind not in KINDS:
        raise ApplicationError(_("Tuntematon arviointikysely."))
    with scopes_disabled():
        evaluation = (
            ProgrammeEvaluation.objects.select_related(
                "pre_survey__instrument", "post_survey__instrument"
            )
            .filter(programme=programme)
            .first()
        )
    if evaluation is not None and getattr(evaluation, f"{kind}_survey_id") is not None:
        raise ApplicationError(_("Kysely on jo valittu. Poista valinta ensin, jos haluat uuden."))
    instrument: Survey | None = None
    other = {"pre": "post", "post": "pre"}.get(kind)
    if evaluation is not None and other is not None:
        paired = getattr(evaluation, f"{other}_survey")
        if paired is not None and paired.instrument is not None:
            instrument = paired.instrument
    if instrument is None:
        instrument = instruments.built_in(_BUILT_IN[kind])
    if instrument is None:
        raise ApplicationError(_("Valmista mittaria ei löytynyt."))
    titles = {
        "pre": _("%(programme)s: alkuarviointi"),
        "post": _("%(programme)s: loppuarviointi"),
        "feedback": _("%(programme)s: palaute"),
    }
    title = (titles[kind] % {"programme": programme.name})[:200]
    survey = survey_from_instrument(
        by=by, instrument=instrument, organisation=programme.organisation, title=title
    )
    ids = {
        k: (getattr(evaluation, f"{k}_survey_id") if evaluation is not None else None)
        for k in KINDS
    }
    ids[kind] = survey.pk
    evaluation_link(
        by=by,
        programme=programme,
        pre_id=ids["pre"],
        post_id=ids["post"],
        feedback_id=ids["feedback"],
    )
    return survey


def link_warnings(*, programme: Programme, evaluation: ProgrammeEvaluation | None) -> list[str]:
    """What the link page warns about (nothing is refused for these)."""
    if evaluation is None:
        return []
    out: list[str] = []
    pre, post = evaluation.pre_survey, evaluation.post_survey
    if any(s is not None and s.anonymous for s in (pre, post)):
        out.append(
            _(
                "Alku- tai loppuarviointi on nimetön: vastauksia ei voi yhdistää henkilöittäin, "
                "joten raportti näyttää vain jakaumat ennen ja jälkeen, ei muutosta."
            )
        )
    if (pre is not None and not programme.starts_on) or (
        (post is not None or evaluation.feedback_survey is not None) and not programme.ends_on
    ):
        out.append(
            _(
                "Koulutukselta puuttuu alkamis- tai päättymispäivä: kutsut lähtevät vasta, kun "
                "päivät on annettu."
            )
        )
    if programme.status == Programme.Status.DRAFT:
        out.append(_("Koulutus on luonnos: kutsut lähtevät vasta, kun koulutus on julkaistu."))
    return out
