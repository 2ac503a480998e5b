"""The supervision notes of a path as the path page and one's own path page show them
(part C): the notes ``user`` may read (``paths.read_note``: their author, the person, the
roles the organisation's note policy names), each read by someone other than its author
recorded in the audit log; how many others there are; whether ``user`` may write one."""

from __future__ import annotations

from typing import Any

from tutori.paths import permissions
from tutori.paths.models import PersonPath, SupervisionNote
from tutori.paths.services.notes import notes_read_record

# A path has a handful of conversations; more than this are not listed on one page.
NOTES_SHOWN = 100


def notes_context(*, user: Any, path: PersonPath) -> dict[str, Any]:
    """The context of ``paths/partials/_path_notes.html`` for a path ``user`` sees (the
    caller read it through ``PersonPath.visible_to``). Three queries at most, whatever the
    number of notes: the notes, the note policy (only when someone else wrote one) and the
    audit entries."""
    notes = list(
        SupervisionNote.objects.filter(path=path)
        .select_related("author", "person_step__step")
        .order_by("-held_on", "-pk")[:NOTES_SHOWN]
    )
    for note in notes:
        note.path = path  # the caller's row: the rule reads its person and organisation
    # The rule answers the same for every note someone else wrote on this path (it depends
    # on the path and the reader only): ask it once, of one such note.
    others = next((n for n in notes if n.author_id != user.pk), None)
    others_readable = others is not None and bool(permissions.can_read_note(user, others))
    readable = [n for n in notes if n.author_id == user.pk or others_readable]
    notes_read_record(reader=user, notes=readable)
    return {
        "notes_path": path,
        "notes": readable,
        "notes_hidden": len(notes) - len(readable),
        "notes_can_write": bool(permissions.can_write_notes(user, path)),
    }


def note_get(*, user: Any, pk: int) -> SupervisionNote | None:
    """A note of a path ``user`` sees (the caller checks ``paths.read_note`` before showing
    it, and records the read unless ``user`` wrote it)."""
    return (  # type: ignore[no-any-return]
        SupervisionNote.objects.select_related(
            "author", "person_step__step", "path__person", "path__template", "path__organisation"
        )
        .filter(pk=pk, path__in=PersonPath.objects.visible_to(user).values("pk"))
        .first()
    )
