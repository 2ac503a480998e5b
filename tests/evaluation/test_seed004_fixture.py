"""The seed 004 fixture itself holds the seed's numbers (every part's reports rely on it)."""

from __future__ import annotations

import pytest

from tests.evaluation.factories import seed004
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Attendance, Participant
from tutori.surveys.models import Response

pytestmark = pytest.mark.django_db


def test_sixteen_before_twelve_after_four_left_for_the_seeds_reasons() -> None:
    data = seed004()
    with scopes_disabled():
        assert Response.objects.filter(survey=data.pre, submitted=True).count() == 16
        assert Response.objects.filter(survey=data.post, submitted=True).count() == 12
        assert Response.objects.filter(survey=data.feedback, submitted=True).count() == 12
        assert Attendance.objects.filter(participant__programme=data.programme).count() == 16
        left = Participant.objects.filter(programme=data.programme, status="left")
        assert sorted(left.values_list("leave_reason", flat=True)) == [
            "dropped",
            "moved",
            "no_time",
            "no_time",
        ]
    assert len(data.pre_answers) == 16 and len(data.post_answers) == 12
    assert len(data.pre_answers[0]) >= 4  # every statement of the instrument
