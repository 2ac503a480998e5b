"""Form pieces every app shares: typed text (one line or several), dates within bounds, and
the browser's date and time inputs.

Every text field of every form is a ``SingleLineTextField`` or a ``MultiLineTextField``,
every date a ``BoundedDateField`` and every decimal number (money) a ``DecimalInputField``,
so the rules of ``core.text``, ``core.time`` and ``core.numbers`` hold in all of them;
services that take text call ``clean_text``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from tutori.core.numbers import MAX_LENGTH, parse_decimal
from tutori.core.text import normalise_line_breaks, text_problem
from tutori.core.time import ANY_DATE, DateBounds


def clean_text(value: str | None) -> str:
    """Typed text as stored: line breaks as ``\\n``, without NUL bytes (PostgreSQL refuses
    them) or lone surrogates (no database stores them), without surrounding space.

    It takes out only what cannot be stored at all; forms refuse the rest of what
    ``core.text`` forbids, with a message."""
    text = normalise_line_breaks(value or "").replace("\x00", "")
    return text.encode("utf-8", "ignore").decode("utf-8").strip()


class DateInput(forms.DateInput):
    """``<input type="date">``: the value must be ISO (YYYY-MM-DD) whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _attributes(attrs: dict[str, Any]) -> str:
    """``attrs`` as Django's ``attrs.html`` writes them: in order, ``True`` as a bare name,
    ``False`` left out."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """``<select>`` written out directly, as Django's widget templates would write it (the
    attributes, ``id`` and ``aria-*`` given, the chosen option ``selected``, option groups),
    without rendering two templates for every ``<option>``: a filter listing a few hundred
    tutors or topics costs tens of microseconds, not milliseconds."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        given = _attributes(self.build_attrs(self.attrs, attrs))
        html = [f'<select name="{conditional_escape(name)}"{given}>']
        picked = False

        def option(option_value: Any, label: Any) -> str:
            nonlocal picked
            text = "" if option_value is None else str(option_value)
            selected = not picked and text in chosen
            picked = picked or selected
            return '  <option value="{}"{}>{}</option>'.format(
                conditional_escape(text),
                " selected" if selected else "",
                conditional_escape(label),
            )

        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                html.append(f'  <optgroup label="{conditional_escape(group_value)}">')
                html.extend(option(v, label) for v, label in group_label)
                html.append("  </optgroup>")
            else:
                html.append(option(group_value, group_label))
        html.append("</select>")
        return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class SingleLineTextField(forms.CharField):
    """One line of text: a name, a title, a place, a search. Refuses line breaks, control
    and bidirectional-override characters, unreadable characters and text with nothing
    visible in it (``core.text``)."""

    multiline = False

    def validate(self, value: Any) -> None:
        super().validate(value)
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="text")


class MultiLineTextField(SingleLineTextField):
    """Text of several lines (a description, a note): line breaks (stored as ``\\n``) and
    tabs are allowed, the rest of ``SingleLineTextField``'s rules hold."""

    multiline = True
    widget = forms.Textarea

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = normalise_line_breaks(value)
        return super().to_python(value)


class BoundedDateField(forms.DateField):
    """A date within ``bounds`` (``core.time``: by default 2000–2100), typed in the browser's
    date input. Out of bounds is a form error that says the range."""

    widget = DateInput

    def __init__(self, *, bounds: DateBounds = ANY_DATE, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bounds = bounds

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date):
            problem = self.bounds.problem(value)
            if problem:
                raise ValidationError(problem, code="out_of_range")


class DecimalInputField(forms.DecimalField):
    """A decimal number (money) typed as the app shows it: ``1 200,50`` (with a normal,
    non-breaking or narrow space), ``1200.50``, ``1200,5``, in English ``1,200.50``;
    ``currency`` (``"€"``) may follow or lead. Anything else is a form error that shows an
    example (``core.numbers``). The value is shown back in the person's language."""

    default_error_messages = {
        "invalid": gettext_lazy("Anna luku numeroina, esimerkiksi 1 200,50."),
    }

    def __init__(self, *, currency: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)
        self.currency = currency
        self.widget.attrs.setdefault("maxlength", str(MAX_LENGTH))

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str):
            return super().to_python(value)
        number = parse_decimal(value, currency=self.currency)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
