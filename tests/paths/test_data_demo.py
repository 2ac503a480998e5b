"""Part D (data): the paths demo follows seed 003 (the Parik peer mentor's path, its six
graduates at different steps, some overdue, supervision notes and reflections) and loads
twice without duplicates; the demo coach and coordinator find it; the benchmark generator
writes consistent paths at a small scale."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.paths import demo, generate
from tutori.paths.models import (
    Anchor,
    PathStep,
    PathTemplate,
    PersonPath,
    PersonStep,
    Reflection,
    StepKind,
    SupervisionNote,
)
from tutori.paths.services.schedule import StepState, blocked_ids, step_state

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            PathTemplate.objects.count(),
            PathStep.objects.count(),
            PersonPath.objects.count(),
            PersonStep.objects.count(),
            SupervisionNote.objects.count(),
            Reflection.objects.count(),
        )


@pytest.fixture
def loaded(capsys):
    call_command("demo_data")
    return capsys.readouterr().out


def test_demo_loads_twice_without_duplicates(loaded, capsys):
    assert "Demo paths: 6 people on the Parik peer-mentor path" in loaded
    before = _counts()
    call_command("demo_data")
    assert _counts() == before
    assert "Demo paths: 0 people" in capsys.readouterr().out


def _states() -> dict[str, list[str]]:
    """Per graduate, the states of their steps today."""
    today = timezone.localdate()
    with scopes_disabled():
        rows = list(
            PersonStep.objects.filter(path__template__name=demo.NAME)
            .select_related("path__person", "step")
            .order_by("path__person__display_name", "step__position")
        )
        depends = {
            s.pk: set(s.depends_on.values_list("pk", flat=True))
            for s in PathStep.objects.filter(version__template__name=demo.NAME)
        }
    blocked = blocked_ids(rows, depends)
    states: dict[str, list[str]] = {}
    for ps in rows:
        states.setdefault(ps.path.person.display_name, []).append(
            step_state(ps, today=today, blocked=ps.pk in blocked)
        )
    return states


def test_the_parik_path_follows_seed_003(loaded):
    with scopes_disabled():
        template = PathTemplate.objects.get(name=demo.NAME)
        assert template.organisation.name == "Parik-säätiö"
        steps = list(PathStep.objects.filter(version__template=template).order_by("position"))
    assert [s.kind for s in steps] == [
        StepKind.TASK,
        StepKind.PROGRAMME,
        StepKind.ROLE,
        StepKind.SUPERVISION,
        StepKind.SUPERVISION,
        StepKind.FEEDBACK,
    ]
    short, long = steps[3], steps[4]
    assert (short.due_after_days, short.due_within_days) == (7, 14)
    assert (long.due_after_days, long.due_within_days) == (21, 28)
    assert short.anchor == long.anchor == Anchor.MILESTONE
    assert short.milestone.startswith("programmes.completed:")
    assert steps[1].completed_by == short.milestone


def test_six_graduates_at_different_steps_some_overdue(loaded):
    done, late, opened = StepState.DONE, StepState.OVERDUE, StepState.OPEN
    later, waits, blocked = StepState.UPCOMING, StepState.WAITING, StepState.BLOCKED
    assert _states() == {
        "Aleksi A.": [done] * 6,
        "Jenni J.": [done] * 5 + [opened],
        "Mika M.": [done] * 4 + [late, waits],
        "Niina N.": [done] * 3 + [late, late, waits],
        "Sami S.": [done] * 4 + [opened, waits],
        # The long supervision waits for the short one, moved to next week.
        "Veera V.": [done] * 3 + [later, blocked, waits],
    }
    coach = User.objects.get(email="coach@demo.tutori.fi")
    with scopes_disabled():
        paths = PersonPath.objects.filter(template__name=demo.NAME)
        assert set(paths.values_list("coach", flat=True)) == {coach.pk}
        assert Counter(paths.values_list("status", flat=True)) == {"active": 5, "completed": 1}
        assert Counter(paths.values_list("organisation__name", flat=True)) == {
            "Parikin puutyöpaja": 3,
            "Parikin kahvila- ja keittiöpaja": 2,
            "Parikin media- ja ompelupaja": 1,
        }
        moved = PersonStep.objects.filter(path__in=paths).exclude(rescheduled_reason="")
        assert moved.count() == 4
        notes = SupervisionNote.objects.filter(path__in=paths)
        assert notes.count() == 6 and set(notes.values_list("author", flat=True)) == {coach.pk}
        assert all(n.problems and n.solutions and n.person_view for n in notes)
        assert Reflection.objects.filter(path__in=paths).count() == 2


def test_the_demo_coordinator_reads_the_report(loaded, client):
    client.force_login(User.objects.get(email="sari.salminen@demo.tutori.fi"))
    with scopes_disabled():
        template = PathTemplate.objects.get(name=demo.NAME)
    response = client.get(reverse("paths:report", args=[template.pk]))
    assert response.status_code == 200
    assert "Parikin puutyöpaja" in response.content.decode()
    listing = client.get(reverse("paths:reports")).content.decode()
    assert demo.NAME in listing


def test_generator_writes_paths_at_a_small_scale(capsys):
    call_command("generate", "--scale", "small", "--seed", "3")
    today = timezone.localdate()
    with scopes_disabled():
        template = PathTemplate.objects.get(name=generate.TEMPLATE_NAME)
        paths = PersonPath.objects.filter(template=template)
        assert paths.count() == 5 * generate.PER_SCHOOL
        assert PersonStep.objects.filter(path__template=template).count() == 5 * 4 * 6
        coach = User.objects.get(email=generate.COACH_EMAIL)
        assert paths.filter(coach=coach).count() == paths.count()
        for path in paths.filter(status=PersonPath.Status.COMPLETED):
            assert not path.steps.filter(done_on__isnull=True).exists()
        overdue = PersonStep.objects.filter(
            path__status="active", done_on__isnull=True, due_to__lt=today
        )
        assert overdue.exists()
        assert not PersonStep.objects.filter(done_on__gt=today).exists()
        assert SupervisionNote.objects.filter(path__template=template).exists()
