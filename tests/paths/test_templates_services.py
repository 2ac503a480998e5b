"""Path templates' services (part A): making and copying templates, the step rules (windows,
anchors, dependencies without cycles), versioning (people keep their version), deleting only
what nobody is or was on, and the note policy."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.paths.templates_setup import (
    LONG,
    SHORT,
    TRAINING,
    WILLING,
    follow,
    parik,
    steps_of,
    versions,
)
from tutori.core.errors import ApplicationError
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import Anchor, NotePolicy, PathStep, PathTemplate, PersonPath
from tutori.paths.services import templates as services
from tutori.paths.services.templates import StepData

pytestmark = pytest.mark.django_db


def data(title: str = "Palautekysely", **kwargs) -> StepData:
    return StepData(title=title, kind="feedback", due_within_days=30, **kwargs)


def test_a_new_template_has_an_empty_first_version(world):
    template = services.template_create(
        by=world.coordinator, organisation=world.oulu, name="  Vertaisohjaajan polku "
    )
    assert template.name == "Vertaisohjaajan polku"
    [version] = versions(template)
    assert (version.number, steps_of(version)) == (1, [])


def test_an_edit_of_a_version_nobody_follows_changes_it_in_place(world):
    p = parik(world.oulu)
    step, new = services.step_add(by=world.coordinator, template=p.template, data=data())
    assert not new
    assert step.version == p.version
    assert [s.title for s in steps_of(p.version)][-1] == "Palautekysely"
    assert len(versions(p.template)) == 1


def test_an_edit_of_a_followed_version_makes_the_next_and_people_keep_theirs(world):
    p = parik(world.oulu)
    path = follow(p.version)
    saved, new = services.step_update(
        by=world.coordinator,
        step=p.step(SHORT),
        data=data(
            SHORT,
            anchor=Anchor.MILESTONE,
            milestone="programmes.completed:999999",
            due_after_days=10,
            depends_on=(p.step(TRAINING).pk,),
        ),
    )
    assert new
    old, latest = versions(p.template)
    assert (old.number, latest.number) == (1, 2)
    # The person is on version 1 and its steps are as they were.
    with scopes_disabled():
        assert PersonPath.objects.get(pk=path.pk).version == old
    assert PathStep.objects.get(pk=p.step(SHORT).pk).due_after_days == 7
    # Version 2 is a copy whose anchors and dependencies point at its own steps.
    copied = {s.title: s for s in steps_of(latest)}
    assert saved == copied[SHORT]
    assert (saved.version, saved.due_after_days) == (latest, 10)
    assert [s.pk for s in saved.depends_on.all()] == [copied[TRAINING].pk]
    assert copied[LONG].anchor_step == copied[SHORT]
    assert [s.pk for s in copied[LONG].depends_on.all()] == [copied[SHORT].pk]
    assert [s.pk for s in copied[TRAINING].depends_on.all()] == [copied[WILLING].pk]


def test_only_the_first_edit_after_someone_follows_makes_a_version(world):
    p = parik(world.oulu)
    follow(p.version)
    services.step_add(by=world.coordinator, template=p.template, data=data("Yksi"))
    _step, new = services.step_add(by=world.coordinator, template=p.template, data=data("Kaksi"))
    assert not new
    assert [v.number for v in versions(p.template)] == [1, 2]
    assert [s.title for s in steps_of(versions(p.template)[1])][-2:] == ["Yksi", "Kaksi"]


def test_a_step_of_an_older_version_is_not_edited(world):
    p = parik(world.oulu)
    follow(p.version)
    services.step_add(by=world.coordinator, template=p.template, data=data())
    with pytest.raises(ApplicationError, match="vanhempaan versioon"):
        services.step_update(by=world.coordinator, step=p.step(SHORT), data=data(SHORT))


def test_dependencies_may_not_go_round_in_a_circle(world):
    p = parik(world.oulu)
    # Willingness needing the long supervision: long → short → training → willingness → long.
    with pytest.raises(ApplicationError, match="kehässä"):
        services.step_update(
            by=world.coordinator,
            step=p.step(WILLING),
            data=data(WILLING, depends_on=(p.step(LONG).pk,)),
        )
    # Nor through an anchor: the short supervision counted from the long one's completion.
    with pytest.raises(ApplicationError, match="kehässä"):
        services.step_update(
            by=world.coordinator,
            step=p.step(SHORT),
            data=data(SHORT, anchor=Anchor.STEP, anchor_step=p.step(LONG).pk),
        )
    assert list(PathStep.objects.get(pk=p.step(WILLING).pk).depends_on.all()) == []


def test_a_step_may_not_need_itself_or_another_versions_step(world):
    p = parik(world.oulu)
    other = parik(world.oulu, name="Toinen")
    for needs in (p.step(SHORT).pk, other.step(SHORT).pk):
        with pytest.raises(ApplicationError):
            services.step_update(
                by=world.coordinator, step=p.step(SHORT), data=data(SHORT, depends_on=(needs,))
            )


@pytest.mark.parametrize(
    ("after", "within", "message"),
    [(14, 7, "ennen ensimmäistä"), (0, 731, "0–730"), (-1, 3, "0–730")],
)
def test_a_window_is_within_bounds_and_in_order(world, after, within, message):
    p = parik(world.oulu)
    with pytest.raises(ApplicationError, match=message):
        services.step_add(
            by=world.coordinator,
            template=p.template,
            data=StepData(title="X", kind="task", due_after_days=after, due_within_days=within),
        )


def test_a_milestone_anchor_needs_its_milestone(world):
    p = parik(world.oulu)
    with pytest.raises(ApplicationError, match="tapahtuma"):
        services.step_add(
            by=world.coordinator, template=p.template, data=data(anchor=Anchor.MILESTONE)
        )


def test_a_step_another_counts_from_is_not_removed(world):
    p = parik(world.oulu)
    with pytest.raises(ApplicationError, match=LONG):
        services.step_remove(by=world.coordinator, step=p.step(SHORT))
    assert not services.step_remove(by=world.coordinator, step=p.step(LONG))
    assert [s.title for s in steps_of(p.version)] == [WILLING, TRAINING, SHORT]


def test_removing_a_followed_step_removes_it_from_the_next_version(world):
    p = parik(world.oulu)
    follow(p.version)
    assert services.step_remove(by=world.coordinator, step=p.step(LONG))
    old, latest = versions(p.template)
    assert len(steps_of(old)) == 4
    assert [s.title for s in steps_of(latest)] == [WILLING, TRAINING, SHORT]


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(world):
    p = parik(world.oulu)
    moved, new = services.step_move(by=world.coordinator, step=p.step(SHORT), up=True)
    assert not new and moved.pk == p.step(SHORT).pk
    assert [s.title for s in steps_of(p.version)] == [WILLING, SHORT, TRAINING, LONG]
    services.step_move(by=world.coordinator, step=p.step(WILLING), up=True)
    services.step_move(by=world.coordinator, step=p.step(LONG), up=False)
    assert [s.title for s in steps_of(p.version)] == [WILLING, SHORT, TRAINING, LONG]


def test_moving_a_followed_step_moves_it_in_the_next_version(world):
    p = parik(world.oulu)
    follow(p.version)
    moved, new = services.step_move(by=world.coordinator, step=p.step(LONG), up=True)
    old, latest = versions(p.template)
    assert new and moved.version == latest
    assert [s.title for s in steps_of(old)] == [WILLING, TRAINING, SHORT, LONG]
    assert [s.title for s in steps_of(latest)] == [WILLING, TRAINING, LONG, SHORT]


def test_a_template_someone_is_or_was_on_is_not_deleted(world):
    p = parik(world.oulu)
    path = follow(p.version)
    with scopes_disabled():
        PersonPath.objects.filter(pk=path.pk).update(status=PersonPath.Status.STOPPED)
    with pytest.raises(ApplicationError, match="Arkistoi"):
        services.template_delete(by=world.coordinator, template=p.template)
    with scopes_disabled():
        assert PathTemplate.objects.filter(pk=p.template.pk).exists()


def test_a_template_nobody_was_on_is_deleted_with_its_versions_and_steps(world):
    p = parik(world.oulu)
    services.template_delete(by=world.coordinator, template=p.template)
    with scopes_disabled():
        assert not PathTemplate.objects.filter(pk=p.template.pk).exists()
    assert not PathStep.objects.filter(version_id=p.version.pk).exists()


def test_a_copy_has_the_latest_versions_steps_with_their_links(world):
    p = parik(world.oulu)
    follow(p.version)
    services.step_add(by=world.coordinator, template=p.template, data=data())
    copy = services.template_copy(
        by=world.coordinator, template=p.template, name="Kopio", organisation=world.school_a
    )
    assert copy.organisation == world.school_a
    [version] = versions(copy)
    copied = {s.title: s for s in steps_of(version)}
    assert list(copied) == [WILLING, TRAINING, SHORT, LONG, "Palautekysely"]
    assert copied[LONG].anchor_step == copied[SHORT]
    assert copied[SHORT].milestone == "programmes.completed:999999"


def test_archiving_and_back(world):
    p = parik(world.oulu)
    assert services.template_archive(by=world.coordinator, template=p.template).archived_at
    back = services.template_archive(by=world.coordinator, template=p.template, archived=False)
    assert back.archived_at is None


def test_the_note_policy_names_only_the_roles_it_may(world):
    policy = services.note_policy_set(
        by=world.coordinator, organisation=world.school_a, roles=["manager", "coach", "manager"]
    )
    assert policy.roles == ["coach", "manager"]
    with pytest.raises(ApplicationError):
        services.note_policy_set(by=world.coordinator, organisation=world.school_a, roles=["tutor"])
    services.note_policy_set(by=world.coordinator, organisation=world.school_a, roles=[])
    with scopes_disabled():
        assert NotePolicy.objects.get(organisation=world.school_a).roles == []


def test_a_person_started_after_an_edit_gets_the_new_version(world):
    p = parik(world.oulu)
    follow(p.version)
    services.step_add(by=world.coordinator, template=p.template, data=data())
    latest = versions(p.template)[-1]
    path = follow(latest, UserFactory())
    with scopes_disabled():
        assert path.steps.count() == 5
