from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from pilots.forms import DateInput
from praktijkleren.validators import InvoerControle

from .constants import AlternatiefSoort, Route
from .models import Intake
from .services import CRITERIA_FIELDS, controleer_planning


class IntakePlanForm(InvoerControle, forms.ModelForm):
    gepland_op = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Enter the date and time of the intake.")},
    )

    class Meta:
        model = Intake
        fields = ["gepland_op", "met_verwijzer", "met_kandidaat", "met_leerbedrijf"]

    def clean_gepland_op(self) -> Any:
        gepland_op = self.cleaned_data["gepland_op"]
        controleer_planning(gepland_op)
        return gepland_op


class CriteriaForm(InvoerControle, forms.ModelForm):
    class Meta:
        model = Intake
        fields = CRITERIA_FIELDS
        widgets = {"duo_check_op": DateInput(), "notities": forms.Textarea(attrs={"rows": 4})}


class AdviesForm(InvoerControle, forms.Form):
    route = forms.ChoiceField(label=_("Advised route"), choices=Route.choices)
    alternatief_soort = forms.ChoiceField(
        label=_("Which alternative (for the alternative route)"),
        choices=[("", BLANK_CHOICE_LABEL), *AlternatiefSoort.choices],
        required=False,
    )
    alternatief = forms.CharField(
        label=_("The alternative in words"),
        help_text=_("Required for 'Other alternative'; optional detail for the other kinds."),
        max_length=200,
        required=False,
    )
    onderbouwing = forms.CharField(
        label=_("Reasoning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reasoning behind the advice.")},
    )
    reden_praktijkverklaring = forms.CharField(
        label=_("Why a praktijkverklaring although the candidate has a usable startkwalificatie"),
        help_text=_(
            "Required when the intake records a usable startkwalificatie and the advice is a "
            "praktijkverklaring."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    volgende_stap = forms.CharField(
        label=_("Next step"),
        max_length=300,
        error_messages={"required": _("Describe the next step for the candidate.")},
    )
    reactie_kandidaat = forms.CharField(
        label=_("Candidate's response"), max_length=500, required=False
    )
