"""One person's data, as the apps declare it (core.registry): export it all, or erase it.

Export gives every declared model's rows that name the person, with the declared fields.
Erasure follows each declaration: DELETE removes the rows, ANONYMISE blanks the declared
text fields (the rows keep counting in reports), RETAIN keeps them (with the stated reason)
pointing at the person record, which is itself anonymised last. The audit trail keeps that
the erased rows changed, not their values, and no longer names the person's address.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q

from tutori.core.registry import Erase, PersonalData, registry
from tutori.core.scoping import scopes_disabled


def _declarations() -> list[PersonalData]:
    found = [d for d in registry.personal_data.values() if isinstance(d, PersonalData)]
    return sorted(found, key=lambda d: d.model._meta.label)


def _rows_of(declaration: PersonalData, person: Any) -> Any:
    q = Q()
    for path in declaration.paths:
        q |= Q(**{path: person.pk if path == "pk" else person})
    return _manager(declaration.model).filter(q).distinct()


def _manager(model: type[Model]) -> Any:
    # Scoped models' ``objects`` answers here because erasure runs with scopes disabled.
    return model.objects  # type: ignore[attr-defined]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# Acting for the person on their own data, across every organisation they were in.
@scopes_disabled()
def person_export(*, person: Any) -> dict[str, list[dict[str, Any]]]:
    """Every declared row that names ``person``, model by model."""
    export: dict[str, list[dict[str, Any]]] = {}
    for declaration in _declarations():
        rows = _rows_of(declaration, person).order_by("pk").values("pk", *declaration.fields)
        export[declaration.model._meta.label] = [
            {key: _plain(value) for key, value in row.items()} for row in rows
        ]
    return export


@scopes_disabled()
@transaction.atomic
def person_erase(*, person: Any) -> dict[str, int]:
    """Erase ``person`` as every app declares; returns the rows touched per model."""
    touched: dict[str, int] = {}
    custom = []
    for declaration in _declarations():
        label = declaration.model._meta.label
        if declaration.erase_with is not None:
            custom.append(declaration)
            continue
        ids = list(_rows_of(declaration, person).values_list("pk", flat=True))
        if declaration.erase == Erase.DELETE:
            touched[label] = _manager(declaration.model).filter(pk__in=ids).delete()[0]
        elif declaration.erase == Erase.ANONYMISE and declaration.blank_fields:
            touched[label] = (
                _manager(declaration.model)
                .filter(pk__in=ids)
                .update(**dict.fromkeys(declaration.blank_fields, ""))
            )
        else:
            continue
        _redact_audit(declaration.model, ids)
    for declaration in custom:  # the person record itself, after everything pointing at it
        assert declaration.erase_with is not None
        declaration.erase_with(person)
        _redact_audit(declaration.model, [person.pk])
        touched[declaration.model._meta.label] = 1
    # What the person did stays in the audit trail, but not their address.
    LogEntry.objects.filter(actor=person).update(actor_email=None)
    return touched


def _redact_audit(model: type[Model], ids: list[Any]) -> None:
    """The audit trail keeps that rows changed, not the erased values."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in ids],
    ).update(changes=None, changes_text="", serialized_data=None, object_repr="–")
