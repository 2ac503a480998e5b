"""``{% step_cards rows here user %}`` and ``{% step_card row here user %}``: the coach's step
cards, on "Valmennettavat" (overdue, this week, later) and the one card an htmx action swaps
in after marking a step done; ``{% person_rows rows %}``: the rows of its table of paths.

Written here rather than as a template included per card: the page shows up to a hundred
cards and a row per person, and the template engine's lookups, translations and address
reversals per card were half of the page's time (55 cards and 28 people at national scale:
about 14 ms of CPU, now about 2 ms).
The labels, the choices' texts and the addresses' parts are looked up once per list; every
text that comes from the database is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from tutori.core.templatetags.id_urls import STAND_IN, id_address
from tutori.paths.models import Responsible, StepKind
from tutori.paths.selectors.coach import PersonRow, StepRow
from tutori.paths.services.schedule import StepState

register = template.Library()


def esc(value: Any) -> str:
    """``value`` escaped as the template engine escapes it (text from the database is never
    marked safe, so this is Django's ``escape``: the same characters, a fifth of the time)."""
    if hasattr(value, "__html__"):
        return str(conditional_escape(value))
    return html.escape(str(value))


class _Address:
    """A named address with a row's id in it, reversed once (as ``{% id_url %}``)."""

    def __init__(self, name: str) -> None:
        self.head, _stand_in, self.tail = id_address(name, STAND_IN).partition(str(STAND_IN))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{int(pk)}{self.tail}"


class _Cards:
    """What every card of one list shares: labels in the active language, the choices'
    texts, the addresses, the way back (``next``) and who looks."""

    def __init__(self, here: str, user_id: int | None) -> None:
        self.user_id = user_id
        self.next = esc(quote(here or ""))
        self.path = _Address("paths:path")
        self.done = _Address("paths:step_done")
        self.reschedule = _Address("paths:step_reschedule")
        self.supervision = _Address("paths:supervision_new")
        self.kinds = {value: esc(label) for value, label in StepKind.choices}
        self.responsible = {value: esc(label) for value, label in Responsible.choices}
        self.responsible_label = esc(gettext("vastuussa"))
        self.done_label = esc(gettext("tehty"))
        self.changed_label = esc(gettext("Aikataulua muutettu"))
        self.mark_label = esc(gettext("Merkitse tehdyksi"))
        self.move_label = esc(gettext("Siirrä"))
        self.record_label = esc(gettext("Kirjaa työnohjaus"))
        blocked = esc(gettext("odottaa edeltävää vaihetta"))
        waiting = esc(gettext("odottaa tapahtumaa"))
        self.badges = {
            StepState.BLOCKED: f'<span class="badge badge-muted">{blocked}</span>',
            StepState.OPEN: f'<span class="badge badge-ok">{esc(gettext("avoinna nyt"))}</span>',
            StepState.WAITING: f'<span class="badge badge-muted">{waiting}</span>',
        }

    def badge(self, row: StepRow) -> str:
        """The step's state as a badge (as the person's pages show it)."""
        if row.state in self.badges:
            return self.badges[row.state]
        if row.state == StepState.OVERDUE:
            text = ngettext(
                "%(counter)s päivä myöhässä", "%(counter)s päivää myöhässä", row.days
            ) % {"counter": row.days}
            return f'<span class="badge badge-warn">{esc(text)}</span>'
        if row.state == StepState.UPCOMING:
            text = ngettext(
                "alkaa %(counter)s päivän päästä", "alkaa %(counter)s päivän päästä", row.days
            ) % {"counter": row.days}
            return f'<span class="badge">{esc(text)}</span>'
        return ""

    def card(self, row: StepRow, *, just_done: bool = False) -> str:
        ps, path = row.ps, row.path
        step, person = ps.step, path.person
        pk = int(ps.pk)
        title = esc(step.title)
        name = esc(person.display_name)
        head = (
            f'<li id="step-{pk}" class="card">\n'
            f'  <p><a href="{self.path(path.pk)}">{esc(person.display_name or person.email)}'
            f'</a><br><span class="muted">{esc(path.template.name)}</span></p>\n'
            f"  <h3>{title}</h3>\n"
            f'  <p class="muted">{self.kinds.get(step.kind) or esc(step.kind)} · '
            f"{self.responsible_label}: "
            f"{self.responsible.get(step.responsible) or esc(step.responsible)}</p>\n"
        )
        if row.state == StepState.DONE:
            status = ' role="status"' if just_done else ""
            return (
                f'{head}  <p{status}><span class="badge badge-ok">{self.done_label}</span> '
                f"{esc(row.done_text)}</p>\n</li>\n"
            )
        window = f"{esc(row.window)} " if row.window else ""
        reason = (
            f'  <p class="muted">{self.changed_label}: {esc(ps.rescheduled_reason)}</p>\n'
            if ps.rescheduled_reason
            else ""
        )
        back = f"next={self.next}"
        done = f"{self.done(pk)}?{back}"
        record = ""
        if row.is_supervision and path.coach_id == self.user_id:
            record = (
                f'    <a href="{self.supervision(path.pk)}?step={pk}&amp;{back}">'
                f'{self.record_label}<span class="visually-hidden">: {name}</span></a>\n'
            )
        return (
            f"{head}  <p>{window}{self.badge(row)}</p>\n{reason}"
            f'  <div class="actions" id="step-{pk}-actions">\n'
            f'    <a class="button secondary" href="{done}" hx-get="{done}" '
            f'hx-target="#step-{pk}-actions">{self.mark_label}'
            f'<span class="visually-hidden">: {title}, {name}</span></a>\n'
            f'    <a href="{self.reschedule(pk)}?{back}">{self.move_label}'
            f'<span class="visually-hidden">: {title}, {name}</span></a>\n'
            f"{record}  </div>\n</li>\n"
        )


def _person_row(row: PersonRow, path_url: _Address, no_steps: str) -> str:
    path = row.path
    person = path.person
    progress = esc(gettext("%(done)s/%(total)s vaihetta") % {"done": row.done, "total": row.total})
    if row.overdue:
        late = ngettext("%(counter)s myöhässä", "%(counter)s myöhässä", row.overdue) % {
            "counter": row.overdue
        }
        progress += f'<br><span class="badge badge-warn">{esc(late)}</span>'
    nxt = row.next_step
    if nxt is None:
        next_text = no_steps
    else:
        next_text = esc(nxt.ps.step.title)
        if nxt.window:
            next_text += f'<br><span class="muted">{esc(nxt.window)}</span>'
    return (
        "<tr>\n"
        f'  <th scope="row"><a href="{path_url(path.pk)}">'
        f"{esc(person.display_name or person.email)}</a></th>\n"
        f'  <td>{esc(path.template.name)}<br><span class="muted">'
        f"{esc(path.organisation.name)}</span></td>\n"
        f"  <td>{progress}</td>\n"
        f"  <td>{next_text}</td>\n"
        "</tr>\n"
    )


@register.simple_tag
def person_rows(rows: Iterable[PersonRow]) -> SafeString:
    """The rows of the coach's table of paths: the person, the path and its organisation,
    the progress (with the overdue steps) and the next step with its window."""
    path_url = _Address("paths:path")
    no_steps = f'<span class="muted">{esc(gettext("ei avoimia vaiheita"))}</span>'
    return mark_safe(  # noqa: S308 (escaped above)
        "".join(_person_row(row, path_url, no_steps) for row in rows)
    )


@register.simple_tag
def step_cards(rows: Iterable[StepRow], here: str, user: Any) -> SafeString:
    """The cards of a list of steps (``<li>`` each, for a ``<ul class="cards">``)."""
    cards = _Cards(here, getattr(user, "pk", None))
    return mark_safe("".join(cards.card(row) for row in rows))  # noqa: S308 (escaped above)


@register.simple_tag
def step_card(row: StepRow, here: str, user: Any, just_done: bool = False) -> SafeString:
    """One step's card, as it is now (swapped in by htmx after an action on it)."""
    cards = _Cards(here, getattr(user, "pk", None))
    return mark_safe(cards.card(row, just_done=just_done))  # noqa: S308 (escaped above)
