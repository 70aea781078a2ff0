from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the e-mail"),
        max_length=12,
        widget=forms.TextInput(
            # Focus goes straight to the code: the signer came here to type it.
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("Enter the 6-digit code from the e-mail.")},
    )


class TekenForm(forms.Form):
    naam = forms.CharField(
        label=_("Type your full name"),
        max_length=200,
        error_messages={"required": _("Type your full name to sign.")},
    )
    akkoord = forms.BooleanField(
        label=_("I have read the agreement and agree to it."),
        error_messages={"required": _("Confirm that you have read the agreement and agree to it.")},
    )
