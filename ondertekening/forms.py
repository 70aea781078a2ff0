from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from praktijkleren.validators import InvoerControle

from .constants import IdDocument


class CodeForm(InvoerControle, forms.Form):
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


class TekenForm(InvoerControle, forms.Form):
    naam = forms.CharField(
        label=_("Type your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Type your full name to sign.")},
    )
    akkoord = forms.BooleanField(
        label=_("I have read what I sign and agree to it."),
        error_messages={"required": _("Confirm that you have read what you sign and agree to it.")},
    )


class TerPlekkeForm(InvoerControle, forms.Form):
    """Signing in person on the mbo-medewerker's device. The service checks every field and
    says in Dutch what is missing; here they are optional so each gets that message."""

    aanwezig = forms.BooleanField(
        label=_("The signer is here in person and signs on this device."), required=False
    )
    id_gecontroleerd = forms.BooleanField(
        label=_("I checked the signer's identity document."), required=False
    )
    id_document = forms.ChoiceField(
        label=_("Identity document checked"),
        choices=[("", BLANK_CHOICE_LABEL), *IdDocument.choices],
        required=False,
    )
    naam = forms.CharField(
        label=_("The signer types their full name"), max_length=200, required=False
    )
    akkoord = forms.BooleanField(
        label=_("The signer has read the documents and agrees to them."), required=False
    )


class PapierForm(InvoerControle, forms.Form):
    """A scanned paper signature; the service checks the file (type by its first bytes, size),
    the date and the declaration."""

    documenten = forms.TypedMultipleChoiceField(
        label=_("Documents the paper signature is on"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scan = forms.FileField(
        label=_("Scan of the signed paper (PDF, JPEG or PNG, at most 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    datum = forms.DateField(
        label=_("Date signed on paper"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    verklaring = forms.BooleanField(required=False)

    def __init__(self, *args: Any, keuzes: list[tuple[int, str]], verklaring: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        documenten = self.fields["documenten"]
        assert isinstance(documenten, forms.TypedMultipleChoiceField)
        documenten.choices = keuzes
        self.fields["verklaring"].label = verklaring
        if not self.is_bound:
            self.initial["documenten"] = [pk for pk, _label in keuzes]
