"""The one way an app plugs into the platform: it declares, in its ``AppConfig.ready()``,
what it adds, and the composing apps (dashboard, the calendar feed, the demo and benchmark
commands, the personal-data export) read it from here. No app imports another app's menu,
panels, demo data or generators.

Declarations are module-level lists filled once at start-up; ``ready()`` runs once per
process, and every ``add_*`` refuses a second declaration under the same key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise

Label = str | Promise


@dataclass(frozen=True)
class MenuEntry:
    """A link in the main navigation, shown when ``perm`` (a rules permission checked
    without an object) allows it, or to every signed-in person when ``perm`` is None.

    Entries with the same ``group`` (a label such as "Seuranta") are shown together under it
    as one drop-down, placed where its first entry is; a group with one entry a person sees
    is shown as that plain link."""

    key: str
    url_name: str
    label: Label
    perm: str | None = None
    order: int = 100
    group: Label | None = None


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the dashboard: ``context(user)`` returns the template's context, or None
    when the panel has nothing for this person (it is then left out)."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class CalendarEvent:
    """One entry of a person's iCalendar feed."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    location: str = ""
    # RFC 5545 STATUS: CONFIRMED, TENTATIVE or CANCELLED
    status: str = "CONFIRMED"


@dataclass(frozen=True)
class CalendarSource:
    """Events for a person's feed from ``since`` on."""

    key: str
    events: Callable[[Any, datetime], Iterable[CalendarEvent]]


@dataclass(frozen=True)
class NotificationKind:
    """A kind of mail an app sends a person (``core.notify.notify(kind=key)``). A person can
    switch off a kind that is not ``essential`` on their profile; essential ones (a refusal,
    an invitation, a cancelled time) always go out."""

    key: str
    label: Label
    essential: bool = False
    order: int = 100


@dataclass(frozen=True)
class NotificationEvent:
    """Mails an app builds in the task worker, not in the request that caused them
    (``core.notify.notify_later(key, **arguments)``): ``build(**arguments)`` reads what it
    needs by the ids it is given and calls ``notify``. Arguments are JSON values."""

    key: str
    build: Callable[..., Any]


@dataclass(frozen=True)
class DataStep:
    """A step of the demo loader or of the benchmark generator, run in ``order``.

    Demo steps are called ``func()`` and return counts for the summary line; generator steps
    are called ``func(scale=..., rng=..., state=..., progress=...)``.
    """

    key: str
    func: Callable[..., Any]
    order: int = 100


@dataclass(frozen=True)
class Exporter:
    """A large download an app builds in the task worker (core.export_jobs), by ``name``.

    ``build(job, progress)`` returns the file's content: a ``core.exports.Table`` or an
    iterable whose first item is the header and the rest rows; it may call
    ``progress(done, total)`` now and then (the writer also counts the rows it writes).
    It reads what to export from ``job.params`` (ids and filter values, never personal data)
    as ``job.requested_by``, in the job's language. ``allowed(user, params)`` says whether
    the person may still have it: checked when the job is built and again at every download.
    A builder raises ``core.export_jobs.ExportRefused(key)`` for a refusal it can name.
    ``built(job)``, if given, runs once the file is stored (e.g. the audit entry of an
    export of personal data, with ``job.rows``).
    """

    name: str
    build: Callable[[Any, Callable[[int, int], None]], Any]
    allowed: Callable[[Any, dict[str, Any]], bool]
    built: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class TopicOffer:
    """Who offers help on a topic to a school (a tutor), for a school's tutoring plan."""

    name: str
    email: str = ""
    named: bool = False  # the school's named tutor (nimikkotutor)
    url: str = ""


@dataclass(frozen=True)
class TopicSource:
    """A topic vocabulary another app may use without importing its owner (tutoring declares
    its topics; surveys' topic picker and school tutoring plans read them).

    ``topics(organisation_id)`` lists the ``(id, label)`` of the topics in use in that
    organisation (in the current language); ``offers(school_id, topic_ids)`` who offers each
    of those topics to that school, named tutors first. ``stamp()`` is a value that changes
    whenever either answer may have changed (a page keeping them renders again); a source
    that can't tell gives ``None`` and is read afresh every time.
    """

    key: str
    topics: Callable[[int], list[tuple[int, str]]]
    offers: Callable[[int, list[int]], dict[int, list[TopicOffer]]]
    stamp: Callable[[], int | None] = lambda: None


@dataclass(frozen=True)
class CohortSource:
    """Groups of people another app keeps (a training programme's participants) that a
    survey may be sent to without importing that app (issue 13's "programme cohort").

    ``cohorts(user)`` lists the ``(id, label)`` of the cohorts ``user`` may address (ids are
    unique within the source; the survey stores them as ``"<key>:<id>"``);
    ``members(id)`` the ids of the people in that cohort now.
    """

    key: str
    cohorts: Callable[[Any], list[tuple[str, str]]]
    members: Callable[[str], list[int]]


@dataclass(frozen=True)
class MilestoneSource:
    """Something that happens to a person in another app that a follow-up path may wait for
    or be completed by (issue 15: "when the training completes, the supervision steps get
    their dates; when a survey is answered, its step is done"), without importing that app.

    ``key`` names the kind of milestone (``"programmes.completed"``); ``label`` says it to a
    coordinator ("Koulutus suoritettu"). ``choices(user)`` lists the ``(id, label)`` of the
    things ``user`` may name in a path template (ids unique within the source; a template
    stores ``"<key>:<id>"``). ``reached(id, person_id)`` is the date the person reached it
    already (a person put on a path after their training completed), or None. The owning app
    announces each new milestone with ``core.milestones.announce``.
    """

    key: str
    label: Label
    choices: Callable[[Any], list[tuple[str, str]]]
    reached: Callable[[str, int], date | None]


@dataclass(frozen=True)
class FollowUpTarget:
    """Somewhere a result of one app becomes work in another, without importing it (issue
    17: a workshop's theme becomes a topic of the tutoring catalogue or a question of a draft
    survey).

    ``create(user, organisation, title, text)`` makes it in ``organisation`` as ``user``
    and returns a reference to what it made (``"tutoring.topic:12"``), kept by the caller:
    ``title`` names the new thing (a theme's name: the topic's name, the question's text),
    ``text`` says where it came from (a workshop's title: the topic's description, the
    draft survey's name). It refuses with ``core.errors.ApplicationError``.
    ``url(ref)`` is the page of the made thing (empty when it is gone); ``allowed(user,
    organisation)`` whether ``user`` may make one there (the choice is offered only then).
    """

    key: str
    label: Label
    create: Callable[[Any, Any, str, str], str]
    url: Callable[[str], str]
    allowed: Callable[[Any, Any], bool]
    order: int = 100


class Erase:
    """What erasing a person does to a declared model's rows."""

    DELETE = "delete"  # the rows go
    ANONYMISE = "anonymise"  # the declared fields are blanked, the rows (statistics) stay
    RETAIN = "retain"  # kept for a stated reason (e.g. an audit trail, bookkeeping)


@dataclass(frozen=True)
class PersonalData:
    """A model that holds data about a person: ``person_path`` leads from a row to the
    person (``"user"``, ``"person"``, ``"slot__tutor"``; several separated by ``|`` when the
    person appears in more than one role, e.g. ``"tutor|participants"``), ``fields`` are
    exported, and ``erase`` says what erasure does (with ``reason`` for RETAIN). Links that
    only record who did something (``created_by``, ``decided_by``) are listed in
    ``actor_paths``: they stay, pointing at the anonymised person."""

    model: type[models.Model]
    person_path: str
    fields: tuple[str, ...]
    erase: str = Erase.RETAIN
    # ANONYMISE: the text fields blanked (the rows keep counting in reports)
    blank_fields: tuple[str, ...] = ()
    reason: str = ""
    actor_paths: tuple[str, ...] = ()
    # A custom erasure (the person record itself), called with the person
    erase_with: Callable[[Any], Any] | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(self.person_path.split("|"))


@dataclass(frozen=True)
class PersonalDataExempt:
    """A model linked to a person that holds nothing about them, with the reason."""

    model: type[models.Model]
    reason: str


@dataclass
class Registry:
    menu: dict[str, MenuEntry] = field(default_factory=dict)
    panels: dict[str, DashboardPanel] = field(default_factory=dict)
    profile_sections: dict[str, DashboardPanel] = field(default_factory=dict)
    calendar_sources: dict[str, CalendarSource] = field(default_factory=dict)
    demo_steps: dict[str, DataStep] = field(default_factory=dict)
    generators: dict[str, DataStep] = field(default_factory=dict)
    exporters: dict[str, Exporter] = field(default_factory=dict)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    topic_sources: dict[str, TopicSource] = field(default_factory=dict)
    cohort_sources: dict[str, CohortSource] = field(default_factory=dict)
    notification_events: dict[str, NotificationEvent] = field(default_factory=dict)
    milestone_sources: dict[str, MilestoneSource] = field(default_factory=dict)
    follow_up_targets: dict[str, FollowUpTarget] = field(default_factory=dict)
    personal_data: dict[type[models.Model], PersonalData | PersonalDataExempt] = field(
        default_factory=dict
    )


registry = Registry()


def _add(table: dict[Any, Any], key: Any, item: Any) -> None:
    if key in table and table[key] != item:
        raise RuntimeError(f"{key!r} is declared twice")
    table[key] = item


def add_menu(*entries: MenuEntry) -> None:
    for entry in entries:
        _add(registry.menu, entry.key, entry)


def add_panel(panel: DashboardPanel) -> None:
    _add(registry.panels, panel.key, panel)


def add_profile_section(section: DashboardPanel) -> None:
    """A section of the person's own profile page (same shape as a dashboard panel)."""
    _add(registry.profile_sections, section.key, section)


def add_calendar_source(source: CalendarSource) -> None:
    _add(registry.calendar_sources, source.key, source)


def add_demo(step: DataStep) -> None:
    _add(registry.demo_steps, step.key, step)


def add_generator(step: DataStep) -> None:
    _add(registry.generators, step.key, step)


def add_exporter(exporter: Exporter) -> None:
    _add(registry.exporters, exporter.name, exporter)


def exporter(name: str) -> Exporter | None:
    """The exporter declared under ``name`` (None for a name no app declares any more)."""
    return registry.exporters.get(name)


def add_notification_kind(*kinds: NotificationKind) -> None:
    for kind in kinds:
        _add(registry.notification_kinds, kind.key, kind)


def add_notification_event(*events: NotificationEvent) -> None:
    for event in events:
        _add(registry.notification_events, event.key, event)


def notification_kinds() -> list[NotificationKind]:
    return sorted(registry.notification_kinds.values(), key=lambda k: (k.order, k.key))


def add_topic_source(source: TopicSource) -> None:
    _add(registry.topic_sources, source.key, source)


def topic_source() -> TopicSource | None:
    """The declared topic vocabulary (the first by key), if any app declares one."""
    return next((registry.topic_sources[k] for k in sorted(registry.topic_sources)), None)


def add_cohort_source(source: CohortSource) -> None:
    _add(registry.cohort_sources, source.key, source)


def cohort_sources() -> list[CohortSource]:
    """The declared cohort sources, by key (none when no app declares one)."""
    return [registry.cohort_sources[k] for k in sorted(registry.cohort_sources)]


def add_milestone_source(source: MilestoneSource) -> None:
    _add(registry.milestone_sources, source.key, source)


def milestone_sources() -> list[MilestoneSource]:
    return list(registry.milestone_sources.values())


def milestone_source(key: str) -> MilestoneSource | None:
    return registry.milestone_sources.get(key)


def add_follow_up_targets(*targets: FollowUpTarget) -> None:
    for target in targets:
        _add(registry.follow_up_targets, target.key, target)


def follow_up_targets() -> list[FollowUpTarget]:
    """The declared follow-up targets, in their order (none when no app declares one)."""
    return sorted(registry.follow_up_targets.values(), key=lambda t: (t.order, t.key))


def follow_up_target(key: str) -> FollowUpTarget | None:
    return registry.follow_up_targets.get(key)


def add_personal_data(*items: PersonalData | PersonalDataExempt) -> None:
    for item in items:
        _add(registry.personal_data, item.model, item)


def menu_entries() -> list[MenuEntry]:
    return sorted(registry.menu.values(), key=lambda e: (e.order, e.key))


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(registry.panels.values(), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class Rendered:
    """A panel with its context for one person, as templates include it."""

    key: str
    template: str
    data: dict[str, Any]


def _render(panels: Iterable[DashboardPanel], user: Any) -> list[Rendered]:
    rendered = []
    for panel in sorted(panels, key=lambda p: (p.order, p.key)):
        data = panel.context(user)
        if data is not None:
            rendered.append(Rendered(panel.key, panel.template, data))
    return rendered


def dashboard_for(user: Any) -> list[Rendered]:
    return _render(registry.panels.values(), user)


def profile_sections(user: Any) -> list[Rendered]:
    return _render(registry.profile_sections.values(), user)


def demo_steps() -> list[DataStep]:
    return sorted(registry.demo_steps.values(), key=lambda s: (s.order, s.key))


def generator_steps() -> list[DataStep]:
    return sorted(registry.generators.values(), key=lambda s: (s.order, s.key))


def calendar_sources() -> list[CalendarSource]:
    return sorted(registry.calendar_sources.values(), key=lambda s: s.key)
