"""Forms of the booking rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tutori.tutoring.models import BookingPolicy


class BookingPolicyForm(forms.ModelForm):
    """An organisation's booking rules; its schools follow them unless they have their own."""

    class Meta:
        model = BookingPolicy
        fields = [
            "booking_deadline_hours",
            "cancellation_deadline_hours",
            "max_open_bookings_per_week",
            "booking_window_weeks",
            "reminder_hours_before",
        ]
        help_texts = {
            "reminder_hours_before": _(
                "Varaaja ja tutor saavat sähköpostimuistutuksen näin monta tuntia ennen "
                "vahvistettua aikaa. 0 = ei muistutuksia."
            ),
        }
