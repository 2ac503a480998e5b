"""The view helper for service errors: a refusal becomes the form's error or a message, never
a 500; anything else is still an error."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.http import service_errors


class NameForm(forms.Form):
    name = forms.CharField()
    confirm = forms.BooleanField(required=False)


class NeedsConfirmation(ApplicationError):
    pass


@pytest.fixture
def request_with_messages():
    request = RequestFactory().post("/", {"name": "Aino"})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _messages(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _valid_form():
    form = NameForm({"name": "Aino"})
    assert form.is_valid()
    return form


def test_a_call_that_succeeds_has_not_failed_and_says_nothing(request_with_messages):
    form = _valid_form()
    with service_errors(request_with_messages, form) as outcome:
        result = 42
    assert result == 42
    assert not outcome.failed and outcome.error is None
    assert not form.errors and _messages(request_with_messages) == []


def test_a_refusal_becomes_the_forms_error_and_the_form_keeps_what_was_typed(
    request_with_messages,
):
    form = _valid_form()
    with service_errors(request_with_messages, form) as outcome:
        raise ApplicationError("Aika on jo varattu.")
    assert outcome.failed
    assert form.non_field_errors() == ["Aika on jo varattu."]
    assert form["name"].value() == "Aino"
    assert _messages(request_with_messages) == []


def test_without_a_form_a_refusal_becomes_an_error_message(request_with_messages):
    with service_errors(request_with_messages) as outcome:
        raise ApplicationError("Aika on jo täynnä.")
    assert isinstance(outcome.error, ApplicationError)
    assert _messages(request_with_messages) == [("error", "Aika on jo täynnä.")]


def test_a_refused_right_answers_403_not_a_message(request_with_messages):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied), service_errors(request_with_messages, _valid_form()):
        raise PermissionDeniedError("Et voi tehdä tätä.")
    assert _messages(request_with_messages) == []


def test_a_kind_of_refusal_can_be_shown_at_its_field(request_with_messages):
    form = _valid_form()
    fields = {NeedsConfirmation: "confirm"}
    with service_errors(request_with_messages, form, fields=fields) as outcome:
        raise NeedsConfirmation("Vahvista ylitys.")
    assert isinstance(outcome.error, NeedsConfirmation)
    assert form.errors == {"confirm": ["Vahvista ylitys."]}
    other = _valid_form()
    with service_errors(request_with_messages, other, fields=fields):
        raise ApplicationError("Muu virhe.")
    assert other.non_field_errors() == ["Muu virhe."]


def test_other_exceptions_pass_through(request_with_messages):
    with pytest.raises(ZeroDivisionError), service_errors(request_with_messages):
        1 / 0
    assert _messages(request_with_messages) == []
