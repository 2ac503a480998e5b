"""Evaluation of programmes and tutoring, issue 16 (DESIGN.md section 6).

Evaluation reads what the capability apps keep (survey answers, participants, tutoring
sessions and substitute spend) and reports on it; the only thing it keeps itself is which
surveys evaluate a programme: a ``ProgrammeEvaluation`` links a programme to a pre and a
post survey made from the same instrument (self-assessment at the start and at the end,
paired per person by the questions' stable ``key``) and to a feedback survey. Their
invitations go out by themselves when the programme starts (pre) and ends (post, feedback);
each ``*_sent_at`` is claimed by a conditional UPDATE, so two schedulers never send twice.

Reports are computed in the database (aggregations), never stored, and every number in them
passes small-group suppression (``core.privacy``) before it reaches a page, a PDF, an XLSX
or the API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel
from tutori.programmes.models import Programme
from tutori.surveys.models import Survey


class ProgrammeEvaluation(ScopedModel):
    """How a programme is evaluated: its pre and post self-assessment (the same instrument)
    and its feedback survey. One per programme; any of the three may be missing."""

    scope_path = "programme__organisation"

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("ohjelma")
    )
    pre_survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alkuarviointi"),
    )
    post_survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loppuarviointi"),
    )
    feedback_survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("palautekysely"),
    )
    # When the invitations went out (claimed by a conditional UPDATE; None = not yet).
    pre_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    post_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("ohjelman arviointi")
        verbose_name_plural = _("ohjelmien arvioinnit")
        constraints = [
            # The pre and the post survey are two different surveys.
            models.CheckConstraint(
                condition=Q(pre_survey__isnull=True)
                | Q(post_survey__isnull=True)
                | ~Q(pre_survey=models.F("post_survey")),
                name="evaluation_pre_is_not_post",
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme)
