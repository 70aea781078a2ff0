from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from pilots.forms import DateInput
from praktijkleren.validators import InvoerControle, telefoonnummer

from .constants import DeelnemerStatus, Doelgroep, Situatie, ToestemmingDoel, Uitkering
from .validators import normaliseer_doelgroepen


def _required(label: Any, message: Any, **kwargs: Any) -> dict[str, Any]:
    return {"label": label, "error_messages": {"required": message}, **kwargs}


class DoelgroepenField(forms.MultipleChoiceField):
    """The target groups as checkboxes; several may apply, none is fine too."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Target groups (tick all that apply)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("choices", Doelgroep.choices)
        super().__init__(**kwargs)
        self.error_messages["invalid_choice"] = _(
            "Unknown target group: %(value)s. Tick the target groups in the list."
        )

    def clean(self, value: Any) -> list[str]:
        return normaliseer_doelgroepen(super().clean(value))


class AanmeldForm(InvoerControle, forms.Form):
    # Marked beside the label (praktijkleren/templatetags/formulier.py).
    voorwaardelijk_verplicht = {
        # Not the other field's label: a label names its own field only.
        "email": _("this or the phone is required"),
        "telefoon": _("this or the e-mail is required"),
        "toestemming": _("required to save the referral"),
    }
    voornaam = forms.CharField(
        max_length=100, **_required(_("First name"), _("Enter the first name."))
    )
    achternaam = forms.CharField(
        max_length=150, **_required(_("Last name"), _("Enter the last name."))
    )
    geboortedatum = forms.DateField(
        widget=DateInput(),
        **_required(_("Date of birth"), _("Enter the date of birth.")),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    telefoon = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    situatie = forms.ChoiceField(
        choices=[("", BLANK_CHOICE_LABEL), *Situatie.choices],
        **_required(_("Situation"), _("Choose whether the candidate is a jobseeker or employed.")),
    )
    uitkering = forms.ChoiceField(
        label=_("Benefit"), choices=Uitkering.choices, initial=Uitkering.GEEN
    )
    doelgroepen = DoelgroepenField()
    wens = forms.CharField(
        label=_("What does the candidate want?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    voorkeur_sector = forms.CharField(
        label=_("Preferred sector (optional)"), max_length=200, required=False
    )
    voorkeur_leerbedrijf = forms.CharField(
        label=_("Preferred leerbedrijf (optional)"), max_length=200, required=False
    )
    toestemming = forms.BooleanField(
        label=_(
            "The candidate agrees that their data are shared with the pilot partners "
            "for this route."
        ),
        required=False,
    )
    toestemming_doelen = forms.MultipleChoiceField(
        label=_("The candidate also agrees to"),
        choices=[c for c in ToestemmingDoel.choices if c[0] != ToestemmingDoel.DELEN_PARTNERS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_telefoon(self) -> str:
        return telefoonnummer(self.cleaned_data.get("telefoon", ""))


class StatusForm(InvoerControle, forms.Form):
    # Marked beside the label (praktijkleren/templatetags/formulier.py).
    voorwaardelijk_verplicht = {"reden": _("required for stopped or not started")}
    status = forms.ChoiceField(label=_("New status"), choices=DeelnemerStatus.choices)
    reden = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PersoonsgegevensForm(InvoerControle, forms.ModelForm):
    doelgroepen = DoelgroepenField()

    class Meta:
        from .models import Deelnemer

        model = Deelnemer
        fields = [
            "voornaam", "achternaam", "geboortedatum", "geslacht", "email", "telefoon", "situatie",
            "uitkering", "doelgroepen", "wens", "voorkeur_sector", "voorkeur_leerbedrijf",
            "vertegenwoordiger_naam", "vertegenwoordiger_email",
        ]  # fmt: skip
        widgets = {"geboortedatum": DateInput(), "wens": forms.Textarea(attrs={"rows": 3})}

    def clean_telefoon(self) -> str:
        return telefoonnummer(self.cleaned_data.get("telefoon", ""))


class AnonimiseerForm(InvoerControle, forms.Form):
    reden = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={
            "required": _("Give the reason for anonymising (e.g. the request of the participant).")
        },
    )
    bevestig = forms.BooleanField(
        label=_("I understand that names, contact details and notes are removed for good."),
        error_messages={"required": _("Confirm that the data may be removed for good.")},
    )
