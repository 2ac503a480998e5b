"""Audit entries for writes that auditlog's save signals never see: rows made together by
``bulk_create`` and rows changed by ``UPDATE``, recorded as auditlog would, in one insert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone


def audit_many(*, changes: Sequence[tuple[Model | None, Model]], actor: Any) -> None:
    """One entry for each ``(before, after)``: ``before`` is None for a row just created.
    The rows must have their related objects loaded (their text names them)."""
    if not changes:
        return
    context = auditlog_value.get({})
    now = timezone.now()
    cid = get_cid()
    as_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    content_types: dict[type[Model], ContentType] = {}
    entries = []
    for before, after in changes:
        model = type(after)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        entries.append(
            LogEntry(
                content_type=content_types[model],
                object_pk=str(after.pk),
                object_id=after.pk if isinstance(after.pk, int) else None,
                object_repr=str(after),
                action=LogEntry.Action.CREATE if before is None else LogEntry.Action.UPDATE,
                changes=model_instance_diff(before, after, use_json_for_changes=as_json),
                actor=actor,
                actor_email=getattr(actor, "email", None),
                remote_addr=context.get("remote_addr"),
                remote_port=context.get("remote_port"),
                cid=cid,
                timestamp=now,
            )
        )
    LogEntry.objects.bulk_create(entries)
