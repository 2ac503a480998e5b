"""Forms of completion: the coordinator's choice of participants to confirm, leaving with a
reason and the filter of a manager's page of their people's progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import Select, SingleLineTextField
from tutori.programmes.models import LeaveReason, Participant
from tutori.programmes.services.completion import NOTE_MAX


class ConfirmForm(forms.Form):
    """The participants (who meet the rule) whose completion is confirmed; ``confirmed`` is
    set by the ask-first page."""

    participants = forms.TypedMultipleChoiceField(
        label=_("Vahvistettavat suoritukset"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Valitse ainakin yksi osallistuja."),
            "invalid_choice": _(
                "Valinnoissa oli osallistuja, jonka suoritusta ei voi vahvistaa. Valitse uudelleen."
            ),
        },
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, ready: list[Participant], **kwargs: Any) -> None:
        """``ready``: the enrolled participants who meet the rule (the only choices)."""
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(p.pk, p.person.display_name) for p in ready]


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Keskeyttämisen syy"),
        choices=[("", _("Valitse syy")), *LeaveReason.choices],
        widget=Select,
        error_messages={"required": _("Valitse keskeyttämisen syy.")},
    )
    note = SingleLineTextField(
        label=_("Lisätieto (vapaaehtoinen)"), required=False, max_length=NOTE_MAX
    )


PEOPLE_STATUSES = (
    Participant.Status.APPLIED,
    Participant.Status.WAITLISTED,
    Participant.Status.ENROLLED,
    Participant.Status.COMPLETED,
    Participant.Status.LEFT,
)


class PeopleFilterForm(forms.Form):
    q = SingleLineTextField(
        label=_("Hae nimellä tai koulutuksella"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Tila"),
        required=False,
        choices=[("", _("Kaikki"))] + [(s.value, s.label) for s in PEOPLE_STATUSES],
        widget=Select,
    )
