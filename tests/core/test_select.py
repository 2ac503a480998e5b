"""core.forms.Select writes the same <select> as Django's widget templates (attributes in
order, the chosen option, option groups, everything escaped), without rendering them."""

from __future__ import annotations

import re

import pytest
from django import forms

from tutori.core.forms import Select

CASES = [
    (
        [("", "Kaikki"), (1, "A & <b>"), (2, "B")],
        1,
        {"id": "id_x", "aria-invalid": "true", "required": True, "disabled": False},
    ),
    ([("", "Kaikki"), ("Ryhmä", [(1, "a"), (2, "b")]), ("G<2>", [(3, "c")]), (4, "d")], "3", {}),
    ([(None, "ei mitään"), ('x"y', "q")], None, None),
    ([(1, "a"), (1, "sama arvo")], 1, {"id": "id_z"}),
    ([("a", "a")], "b", {"aria-describedby": "id_help"}),
]


def _squeezed(html: str) -> str:
    return re.sub(r"\n\s*", "", str(html))


@pytest.mark.parametrize(("choices", "value", "attrs"), CASES)
def test_the_select_is_written_as_djangos_templates_write_it(choices, value, attrs):
    django = forms.Select(choices=choices).render("n&m", value, attrs)
    ours = Select(choices=choices).render("n&m", value, attrs)
    assert _squeezed(ours) == _squeezed(django)


def test_a_form_field_keeps_its_label_id_and_chosen_option():
    class Form(forms.Form):
        topic = forms.TypedChoiceField(
            label="Aihe", coerce=int, choices=[("", "Kaikki"), (7, "Arviointi")], widget=Select
        )

    html = str(Form({"topic": "7"}))
    assert '<label for="id_topic">Aihe:</label>' in html
    assert '<select name="topic" required id="id_topic">' in html
    assert '<option value="7" selected>Arviointi</option>' in html
