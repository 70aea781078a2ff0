"""Forms for closing a traject, recording the outflow and answering a follow-up."""

from __future__ import annotations

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from pilots.forms import DateInput
from praktijkleren.validators import InvoerControle
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models.uitstroom import Behaald


class AfsluitForm(InvoerControle, forms.Form):
    # Marked beside the label (praktijkleren/templatetags/formulier.py).
    voorwaardelijk_verplicht = {"stopreden": _("required when the traject stopped early")}

    afloop = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (TrajectStatus.AFGEROND.value, _("Completed")),
            (TrajectStatus.GESTOPT.value, _("Stopped early")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the traject was completed or stopped early.")
        },
    )
    einddatum = forms.DateField(
        label=_("End date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the end date.")},
    )
    stopreden = forms.CharField(
        label=_("Reason for stopping early"),
        max_length=300,
        required=False,
        help_text=_("Required when the traject stopped early."),
    )


class UitstroomForm(InvoerControle, forms.Form):
    # Marked beside the label (praktijkleren/templatetags/formulier.py).
    voorwaardelijk_verplicht = {
        "behaald_crebo": _("required when a certificaat or diploma was obtained")
    }

    soort = forms.ChoiceField(
        label=_("Outflow"),
        choices=[("", BLANK_CHOICE_LABEL), *UitstroomSoort.choices],
        error_messages={"required": _("Choose the outflow from the list.")},
    )
    datum = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of the outflow.")},
    )
    toelichting = forms.CharField(label=_("Explanation"), max_length=300, required=False)
    behaald = forms.ChoiceField(
        label=_("mbo-certificaat or mbo-diploma obtained"),
        choices=Behaald.choices,
        initial=Behaald.GEEN,
        required=False,
        help_text=_("An outcome of its own, beside where the participant went."),
    )
    behaald_crebo = forms.CharField(
        label=_("Crebo of the certificaat or diploma"),
        max_length=5,
        required=False,
        help_text=_("Required when an mbo-certificaat or mbo-diploma was obtained."),
    )


class NametingForm(InvoerControle, forms.Form):
    situatie = forms.ChoiceField(
        label=_("Situation now"),
        choices=[("", BLANK_CHOICE_LABEL), *UitstroomSoort.choices],
        error_messages={"required": _("Choose the participant's situation from the list.")},
    )
    toelichting = forms.CharField(
        label=_("Explanation"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
