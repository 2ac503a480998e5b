"""What views share: 404 for what the user may not see, 403 for what they see but may not
do, a request type whose user is signed in, and turning a domain error into a message."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from tutori.core.errors import ApplicationError, PermissionDeniedError

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from tutori.accounts.models import User

T = TypeVar("T")


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a ``login_required`` view: its user is a signed-in ``User`` (and, as
    every request, it carries django-htmx's ``htmx``). For type checking only."""

    user: User
    htmx: HtmxDetails


def found_or_404(value: T | None) -> T:
    """``value`` from a scoped selector, or 404 when the user's scope did not reach it."""
    if value is None:
        raise Http404
    return value


def chosen_or_404(options: Sequence[Any], raw: str | None) -> Any:
    """The option a query parameter names by id (``?org=12``): the first option when none
    is named, 404 when it names one that is not offered (never a silent fallback that would
    act on another organisation than the one the person asked for)."""
    if not raw:
        return options[0]
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    return found_or_404(next((o for o in options if o.pk == pk), None))


def require(allowed: bool) -> None:
    """403 unless ``allowed`` (an answer of a permission rule)."""
    if not allowed:
        raise PermissionDenied


class ServiceOutcome:
    """How a service call inside ``service_errors`` went."""

    def __init__(self) -> None:
        self.error: ApplicationError | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def service_errors(
    request: HttpRequest,
    form: forms.BaseForm | None = None,
    *,
    fields: Mapping[type[ApplicationError], str] | None = None,
) -> Iterator[ServiceOutcome]:
    """Runs a service call and turns a refusal (``ApplicationError``) into what the user
    reads: an error of ``form`` (which keeps what was typed), or else a message for the next
    page. A refused right (``PermissionDeniedError``) answers 403. Any other exception
    passes through.

        with service_errors(request, form) as outcome:
            booking = booking_create(...)
        if not outcome.failed:
            return redirect(...)

    ``fields`` names the form field that shows a given kind of refusal (by default the
    form's errors above its fields).
    """
    outcome = ServiceOutcome()
    try:
        yield outcome
    except PermissionDeniedError as error:
        # A refused right is not a form error: the answer is 403, as when the view asks first.
        raise PermissionDenied(str(error.message)) from error
    except ApplicationError as error:
        outcome.error = error
        text = str(error.message)
        if form is None:
            messages.error(request, text)
        else:
            kinds = (fields or {}).items()
            form.add_error(next((f for kind, f in kinds if isinstance(error, kind)), None), text)
