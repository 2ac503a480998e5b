"""Forms of taking part in a workshop (W2): the join code with a display name, and an idea."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tutori.core.forms import MultiLineTextField, SingleLineTextField
from tutori.workshops.models import CODE_LENGTH, DISPLAY_NAME_MAX, IDEA_MAX
from tutori.workshops.services.participation import code_typed

# A typed code longer than this is not a code at all (room for spaces and dashes).
CODE_TYPED_MAX = 20


class JoinForm(forms.Form):
    """The join code, and a display name from whoever joins without an account (no e-mail
    is ever asked). ``needs_name`` is False for a signed-in person: they join with their
    account. ``with_code`` is False on the page a QR code opens (the code is in its address)."""

    code = SingleLineTextField(
        label=_("Liittymiskoodi"),
        max_length=CODE_TYPED_MAX,
        help_text=_("Kuusi merkkiä, jotka ohjaaja näyttää."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    display_name = SingleLineTextField(
        label=_("Nimesi työpajassa"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Etunimi tai nimimerkki riittää. Sähköpostia ei kysytä."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def __init__(
        self, *args: Any, needs_name: bool = True, with_code: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not needs_name:
            del self.fields["display_name"]
        if not with_code:
            del self.fields["code"]

    def clean_code(self) -> str:
        code = code_typed(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("Koodissa on %(length)s merkkiä. Tarkista koodi ohjaajan näytöltä.")
                % {"length": CODE_LENGTH},
                code="length",
            )
        return code


class IdeaForm(forms.Form):
    """One idea to a question, kept as typed (line breaks, Finnish and Swedish letters,
    emoji). The limit is shown before it is reached (``maxlength`` and a counter)."""

    text = MultiLineTextField(
        label=_("Ideasi"),
        max_length=IDEA_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext("Enintään %(max)s merkkiä.") % {"max": IDEA_MAX}
