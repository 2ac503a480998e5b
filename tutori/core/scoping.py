"""The safety net for data that belongs to an organisation (or a person).

A scoped model inherits ``ScopedModel`` and declares once, in ``scope_path``, how it reaches
its organisation (or its owner). Its ``objects`` manager answers only through
``visible_to(user, purpose)``, which applies the visibility rule the owning app registered
with ``visibility(Model, purpose)`` (in its ``permissions.py``); any other query on
``objects`` raises ``ScopeError`` — in tests and in production — unless it runs inside
``scopes_disabled()`` (django-scopes' context), the one explicit, greppable way round it.
``tests/core/test_scoping.py`` lists the modules allowed to use it.

Django's own machinery (admin, uniqueness validation, related objects, deletion) uses the
plain default manager ``internal_objects``; app code never names it (the same test checks).
Creating rows (``create``, ``bulk_create``) and ``none()`` read nothing and need no scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from django.db import models
from django_scopes import get_scope, scopes_disabled
from django_scopes.exceptions import ScopeError

__all__ = [
    "ScopeError",
    "ScopedManager",
    "ScopedModel",
    "forget",
    "rule_for",
    "scopes_disabled",
    "scoping_disabled",
    "visibility",
]

M = TypeVar("M", bound=models.Model)
Rule = Callable[[models.QuerySet[Any], Any], models.QuerySet[Any]]

# (model, purpose) -> rule(queryset, user) -> queryset; filled by the apps' permissions.py.
_RULES: dict[tuple[type[models.Model], str], Rule] = {}

# Where a request's per-user answers are cached (the access engine's reach).
REACH_ATTR = "_tutori_reach"


def visibility(model: type[models.Model], purpose: str = "view") -> Callable[[Rule], Rule]:
    """Register the rule that narrows ``model``'s rows to those a user may see for
    ``purpose`` (``"view"`` unless an app names another, e.g. ``"tutoring.book"``)."""

    def register(rule: Rule) -> Rule:
        key = (model, purpose)
        if key in _RULES and _RULES[key] is not rule:
            raise RuntimeError(f"{model.__name__}: visibility {purpose!r} registered twice")
        _RULES[key] = rule
        return rule

    return register


def rule_for(model: type[models.Model], purpose: str = "view") -> Rule:
    try:
        return _RULES[(model, purpose)]
    except KeyError:
        raise ScopeError(f"{model.__name__} has no visibility rule for {purpose!r}") from None


def registered_rules() -> dict[tuple[type[models.Model], str], Rule]:
    return dict(_RULES)


def scoping_disabled() -> bool:
    return not get_scope().get("_enabled", True)


def forget(user: Any) -> None:
    """Drop a user's cached reach after their own memberships changed."""
    if user is not None and hasattr(user, "__dict__"):
        user.__dict__.pop(REACH_ATTR, None)


class ScopedManager(models.Manager[M]):
    """``objects`` of a scoped model: ``visible_to(user)`` or nothing."""

    def _plain(self) -> models.QuerySet[M]:
        return super().get_queryset()

    def get_queryset(self) -> models.QuerySet[M]:
        if scoping_disabled():
            return self._plain()
        raise ScopeError(
            f"{self.model.__name__}.objects queried without visible_to(user) or scopes_disabled()"
        )

    def visible_to(self, user: Any, purpose: str = "view") -> Any:
        """The rows ``user`` may see (for ``purpose``), as the model's own queryset."""
        return rule_for(self.model, purpose)(self._plain(), user)

    def shown(
        self,
        user: Any,
        pk: Any,
        *,
        sees: Callable[[Any, M], bool],
        related: tuple[str, ...] = (),
        purpose: str = "view",
        where: models.Q | None = None,
        **filters: Any,
    ) -> M | None:
        """The row ``pk`` (matching ``filters``) if ``user`` may see it, for a page about one
        row: read by its key alone, and kept when ``sees(user, row)`` — a check in memory
        that the owning app guarantees implies its visibility rule (and tests against it).
        Only when it says no is the rule's query built, so refusals are as ``visible_to``'s.
        The rule's SQL (an ``IN`` of every organisation a coordinator reaches, ORs of
        subqueries) costs more to build than the row costs to read. ``where`` and
        ``filters`` narrow both reads."""
        condition = where if where is not None else models.Q()
        row = self._plain().select_related(*related).filter(condition, pk=pk, **filters)[:1]
        found = next(iter(row), None)
        if found is None:
            return None
        if sees(user, found):
            return found
        rows = self.visible_to(user, purpose).select_related(*related)
        return next(iter(rows.filter(condition, pk=pk, **filters)[:1]), None)

    def none(self) -> models.QuerySet[M]:
        return self._plain().none()

    def create(self, **kwargs: Any) -> M:
        return self._plain().create(**kwargs)

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        return self._plain().bulk_create(objs, *args, **kwargs)


class ScopedModel(models.Model):
    """Abstract base of every model that belongs to an organisation or a person.

    ``scope_path`` names the organisation (or the owner) from this model, e.g.
    ``"organisation"``, ``"school"``, ``"slot__organisation"``, ``"user"``.
    """

    scope_path: ClassVar[str] = "organisation"

    internal_objects = models.Manager()
    objects: ClassVar[Any] = ScopedManager()

    class Meta:
        # A model's own Meta extends this one (``class Meta(ScopedModel.Meta)``), so the
        # plain manager stays the default Django's machinery uses.
        abstract = True
        default_manager_name = "internal_objects"


def scoped_models() -> list[type[ScopedModel]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, ScopedModel)]
