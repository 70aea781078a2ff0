"""Forms of the second factor: one field for a code (from the app, or a recovery code)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app or, at verification, a recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code.")},
    )


class AppCodeForm(CodeForm):
    """At enrolment: only the 6 digits from the app."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["token"].label = _("Code from the app")
        self.fields["token"].widget.attrs.update({"inputmode": "numeric", "maxlength": "8"})
