"""Answering a survey: by a personal link (no login) or, for an identified survey, signed in.

A draft may be saved any number of times before the close; the answer is submitted once. The
submit claims the recipient with a conditional UPDATE (``answered`` false → true) in the same
transaction that writes the answers, so two tabs submitting at once yield one response and
the other is told it was already answered.

Anonymous surveys keep no path from a response to a person: the response has no ``person``
or ``recipient``; a draft is found by ``resume_key(token)`` (the token only the respondent
holds), cleared on submit; the recipient keeps only that they started and answered, without
a time; the response keeps the organisation and role the recipient was sent to (for the
breakdowns, suppressed below five) and the day only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError
from tutori.core.scoping import scopes_disabled
from tutori.surveys import milestones as survey_milestones
from tutori.surveys.models import Answer, Recipient, Response, Survey, resume_key, token_hash
from tutori.surveys.services.distribution import new_token

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


class LinkState:
    OPEN = "open"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    ANSWERED = "answered"


@scopes_disabled()
def recipient_for_token(token: str) -> Recipient | None:
    """The recipient whose personal link carries ``token``; None for any other string."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    return (
        Recipient.objects.filter(token_hash=token_hash(token), survey__is_instrument=False)
        .select_related("survey", "survey__organisation")
        .first()
    )


def link_state(recipient: Recipient, *, now: datetime | None = None) -> str:
    """Whether the recipient may answer now, and if not, why."""
    now = now or timezone.now()
    survey = recipient.survey
    if survey.status == Survey.Status.CLOSED or (
        survey.closes_at is not None and survey.closes_at <= now
    ):
        return LinkState.CLOSED
    if recipient.answered:
        return LinkState.ANSWERED
    if survey.status != Survey.Status.OPEN or (
        survey.opens_at is not None and survey.opens_at > now
    ):
        return LinkState.NOT_OPEN
    return LinkState.OPEN


@scopes_disabled()
def draft_for(recipient: Recipient, token: str | None) -> Response | None:
    """The recipient's saved draft: by the recipient (identified) or by the link's token
    (anonymous)."""
    drafts = Response.objects.filter(survey_id=recipient.survey_id, submitted=False)
    if recipient.survey.anonymous:
        if not token:
            return None
        return drafts.filter(resume_key=resume_key(token)).first()
    return drafts.filter(recipient=recipient).first()


@scopes_disabled()
def draft_answers(response: Response | None) -> list[Answer]:
    if response is None:
        return []
    return list(Answer.objects.filter(response=response).select_related("question"))


@dataclass(frozen=True)
class Saved:
    response: Response
    submitted: bool


def response_save(
    *,
    recipient: Recipient,
    token: str | None,
    answers: list[dict[str, Any]],
    submit: bool,
    language: str = "",
    now: datetime | None = None,
) -> Saved:
    """Save the recipient's answers as a draft, or submit them (see the module's text).
    ``answers`` are the rows of ``AnswerForm.cleaned_answers()``; ``token`` is the link's
    (needed for an anonymous survey's draft)."""
    now = now or timezone.now()
    survey = recipient.survey
    anonymous = survey.anonymous
    if anonymous and not token:
        raise ApplicationError(_("Nimettömään kyselyyn vastataan henkilökohtaisella linkillä."))
    try:
        with transaction.atomic(), scopes_disabled():
            current = (
                Recipient.objects.filter(pk=recipient.pk)
                .select_related("survey")
                .only(
                    "pk",
                    "answered",
                    "started",
                    "survey__status",
                    "survey__closes_at",
                    "survey__opens_at",
                    "survey__anonymous",
                )
                .first()
            )
            if current is None:
                raise ApplicationError(_("Linkki ei ole enää voimassa."))
            state = link_state(current, now=now)
            if state == LinkState.CLOSED:
                raise ApplicationError(
                    _("Kysely on sulkeutunut: vastauksia ei enää oteta vastaan.")
                )
            if state == LinkState.ANSWERED:
                raise ApplicationError(_("Olet jo vastannut tähän kyselyyn."))
            if state == LinkState.NOT_OPEN:
                raise ApplicationError(_("Kysely ei ole vielä avoinna."))
            if submit:
                claimed = Recipient.objects.filter(pk=recipient.pk, answered=False).update(
                    answered=True
                )
                if not claimed:
                    raise ApplicationError(_("Olet jo vastannut tähän kyselyyn."))
            response = draft_for(recipient, token)
            if response is None:
                response = Response(
                    survey=survey,
                    organisation_id=recipient.organisation_id,
                    role=recipient.role,
                    version=survey.version,
                )
                if not anonymous:
                    response.recipient = recipient
                    response.person_id = recipient.person_id
                elif not submit:
                    response.resume_key = resume_key(token or "")
            else:
                Answer.objects.filter(response=response).delete()
            response.language = (language or "")[:10]
            response.version = survey.version
            if submit:
                response.submitted = True
                response.submitted_on = timezone.localdate(now)
                response.resume_key = None
            response.save()
            Answer.objects.bulk_create([Answer(response=response, **row) for row in answers])
            if not submit and not current.started:
                Recipient.objects.filter(pk=recipient.pk).update(started=True)
            if submit:
                # Follow-up paths waiting for this answer (core.milestones).
                survey_milestones.announce(recipient)
    except IntegrityError as error:
        # Two tabs saved the first draft at the same moment: the other one's draft stands.
        raise ApplicationError(
            _("Vastaustasi tallennettiin samaan aikaan toisessa ikkunassa. Lataa sivu uudelleen.")
        ) from error
    if submit:
        recipient.answered = True
    else:
        recipient.started = True
    return Saved(response=response, submitted=submit)


# --- Signed in ------------------------------------------------------------------------------


def my_recipient(*, user: Any, survey_pk: int) -> Recipient | None:
    """The signed-in person's own recipient row of a survey sent to them."""
    return (
        Recipient.objects.visible_to(user)
        .filter(person=user, survey_id=survey_pk, survey__is_instrument=False)
        .select_related("survey", "survey__organisation")
        .first()
    )


def recipient_link_renew(*, user: Any, recipient: Recipient) -> str:
    """A new personal link for the signed-in person's own recipient row (an anonymous survey
    answered from "Omat kyselyt"): the token is returned, never stored; the earlier link
    stops working. Refused once a draft was saved through the earlier link (that link alone
    finds it) or the survey was answered."""
    if recipient.person_id != user.pk:
        raise ApplicationError(_("Tämä kysely ei ole sinulle."))
    if recipient.started:
        raise ApplicationError(
            _("Olet jo aloittanut vastaamisen sähköpostin linkillä: jatka samasta linkistä.")
        )
    state = link_state(recipient)
    if state != LinkState.OPEN:
        raise ApplicationError(_("Kyselyyn ei voi nyt vastata."))
    token, hashed = new_token()
    with scopes_disabled():
        renewed = Recipient.objects.filter(pk=recipient.pk, answered=False, started=False).update(
            token_hash=hashed
        )
    if not renewed:
        raise ApplicationError(_("Kyselyyn ei voi nyt vastata."))
    return token
