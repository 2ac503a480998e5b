"""Numbers are read back as the app shows them (core.numbers, core.forms.DecimalInputField):
"1 200,50" with a normal, non-breaking or narrow space, "1200.50", "1200,5", in English
"1,200.50"; anything else is a clear form error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from tutori.core.forms import DecimalInputField
from tutori.core.numbers import parse_decimal

D = Decimal


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1 200,50", D("1200.50")),
        ("1\u00a0200,50", D("1200.50")),
        ("1\u202f200,50", D("1200.50")),
        ("1\u2009200,50", D("1200.50")),
        ("1200.50", D("1200.50")),
        ("1200,5", D("1200.5")),
        ("1200", D("1200")),
        (" 1 200 ", D("1200")),
        ("12 345 678,9", D("12345678.9")),
        ("1,200.50", D("1200.50")),
        ("1.200,50", D("1200.50")),
        ("1,200,000", D("1200000")),
        ("1.200.000", D("1200000")),
        ("1,200", D("1.200")),  # Finnish: a decimal comma
        ("1.200", D("1.200")),
        (",5", D("0.5")),
        ("0,05", D("0.05")),
        ("-50,00", D("-50.00")),
        ("\u221250,00", D("-50.00")),
        ("+7", D("7")),
    ],
)
def test_what_people_type_in_finnish(typed, number):
    with translation.override("fi"):
        assert parse_decimal(typed) == number


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "abc",
        "12abc",
        "1 2 3",
        "12 34,5",
        "1  200",
        "1,2,3",
        "1,20.5",
        "1.2.3,4",
        "1,200,50",
        "1e3",
        "1E-2",
        "NaN",
        "Infinity",
        "sNaN",
        "0x10",
        "1_000",
        "١٢",
        "１２",
        "--5",
        "5-",
        ",",
        ".",
        "1,",
        "1.",
        "€",
        "-",
        "+",
        "- 5",
        "9" * 65,
        "12 €",  # only where the field expects euros
    ],
)
def test_garbage_is_no_number(typed):
    with translation.override("fi"):
        assert parse_decimal(typed) is None


def test_english_reads_its_own_thousands_comma():
    with translation.override("en"):
        assert parse_decimal("1,200") == D("1200")
        assert parse_decimal("1,200.50") == D("1200.50")
        assert parse_decimal("2,5") == D("2.5")  # not a thousands group: a decimal comma


@pytest.mark.parametrize("currency_typed", ["1 200,50 €", "1 200,50€", "€1,200.50", "€ 1200.50"])
def test_a_money_field_takes_the_euro_sign_it_shows(currency_typed):
    assert parse_decimal(currency_typed, currency="€") == D("1200.50")


@pytest.mark.parametrize("typed", ["€", " € ", "-€", "€€", "1 € 2", "- €"])
def test_a_euro_sign_alone_is_no_number(typed):
    assert parse_decimal(typed, currency="€") is None


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("amount", ["1200.5", "-1200.5", "0.05", "1234567.89", "7"])
def test_every_amount_the_app_shows_is_read_back_in_every_language(language, amount):
    with translation.override(language):
        shown = Template('{{ v|floatformat:"2g" }} €').render(Context({"v": D(amount)}))
        assert parse_decimal(shown, currency="€") == D(amount)


class MoneyForm(forms.Form):
    amount = DecimalInputField(max_digits=10, decimal_places=2, min_value=D(0), currency="€")


def test_the_field_keeps_what_was_typed_and_says_what_it_wants():
    with translation.override("fi"):
        form = MoneyForm({"amount": "1 2 3"})
        assert not form.is_valid()
        assert form.errors["amount"] == ["Anna luku numeroina, esimerkiksi 1 200,50."]
        assert 'value="1 2 3"' in str(form["amount"])
        assert 'inputmode="decimal"' in str(form["amount"])


def test_the_field_checks_the_digits_and_the_minimum_as_before():
    with translation.override("fi"):
        assert MoneyForm({"amount": "1 200,50"}).is_valid()
        assert not MoneyForm({"amount": "1,234"}).is_valid()  # three decimal places
        assert not MoneyForm({"amount": "-5"}).is_valid()
        assert not MoneyForm({"amount": "123 456 789,00"}).is_valid()  # 11 digits
        form = MoneyForm({"amount": "1\u00a0200,5 €"})
        assert form.is_valid()
        assert form.cleaned_data["amount"] == D("1200.5")


def test_middle_values_of_counted_values():
    from tutori.core.numbers import middle_values

    assert middle_values([]) is None
    assert middle_values([(3, 0)]) is None
    assert middle_values([(5, 1), (1, 1), (3, 1)]) == (3, 3)
    assert middle_values([(4, 2), (1, 2)]) == (1, 4)
    assert middle_values([(2, 3), (9, 1)]) == (2, 2)
