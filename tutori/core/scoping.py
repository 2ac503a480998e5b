"""A safety net for organisation-scoped models.

A scoped model's ``objects`` manager refuses to run a query that was neither narrowed with
``visible_to(user)`` nor explicitly opened with ``unscoped()``: a forgotten scope fails
loudly instead of returning every organisation's rows. Django's own machinery (admin,
related managers, uniqueness validation) uses the model's plain default manager.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


class UnscopedQueryError(RuntimeError):
    """A query on an organisation-scoped model ran without visible_to() or unscoped()."""


class ScopedQuerySet(models.QuerySet[M]):
    _tutori_scoped = False

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._tutori_scoped = self._tutori_scoped
        return clone  # type: ignore[no-any-return]

    def _mark_scoped(self) -> Self:
        clone = self._chain()  # type: ignore[attr-defined]
        clone._tutori_scoped = True
        return clone  # type: ignore[no-any-return]

    def unscoped(self) -> Self:
        """Every row, on purpose: services, commands and tests that act for the system."""
        return self._mark_scoped()

    def _require_scope(self) -> None:
        if not self._tutori_scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__} queried without visible_to(user) or unscoped()"
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()  # type: ignore[misc]

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._require_scope()
        return super().iterator(chunk_size=chunk_size)
