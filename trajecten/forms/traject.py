from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from kwalificaties.models import Werkproces
from kwalificaties.services import herkomst_merk
from kwalificaties.widgets import WerkprocesPicker
from pilots.constants import Financieringsbron, OrganisatieSoort
from pilots.forms import DateInput
from pilots.models import Organisatie, Pilot
from pilots.roles import Role
from pilots.selectors import personen_met_rol
from praktijkleren.validators import InvoerControle
from trajecten.constants import ExtraOndersteuning, LoonOfUitkering, TrajectRoute
from trajecten.models import Leerlijn


class WerkprocesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.kwalificatie.crebo} {obj.kwalificatie.naam} · {obj.code} {obj.naam}"
        return f"{label} ({merk})" if (merk := herkomst_merk(obj)) else label


class TrajectForm(InvoerControle, forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=TrajectRoute.choices)
    mbo_instelling = forms.ModelChoiceField(
        label=_("Mbo-instelling"),
        queryset=Organisatie.objects.none(),
        error_messages={"required": _("Choose an mbo-instelling.")},
    )
    leerbedrijf = forms.ModelChoiceField(
        label=_("Leerbedrijf"),
        queryset=Organisatie.objects.none(),
        error_messages={"required": _("Choose a leerbedrijf or sw-bedrijf.")},
    )
    praktijkopleider = forms.ModelChoiceField(
        label=_("Praktijkopleider"), queryset=get_user_model().objects.none(), required=False
    )
    jobcoach = forms.ModelChoiceField(
        label=_("Jobcoach"), queryset=get_user_model().objects.none(), required=False
    )
    startdatum = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the start date.")},
    )
    geplande_einddatum = forms.DateField(
        label=_("Planned end date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the planned end date.")},
    )
    uren_per_week = forms.IntegerField(label=_("Hours per week"), required=False)
    financieringsbron = forms.ChoiceField(
        label=_("Funding source"),
        choices=[("", BLANK_CHOICE_LABEL), *Financieringsbron.choices],
        required=False,
    )
    financiering_bedrag = forms.DecimalField(
        label=_("Funding amount (EUR)"), max_digits=9, decimal_places=2, required=False, min_value=0
    )
    eigen_personeel = forms.BooleanField(
        label=_("The employer trains its own staff (no PLOK needed)"), required=False
    )
    kosten_betaald_door = forms.CharField(
        label=_("Costs paid by"),
        max_length=200,
        required=False,
        help_text=_("As the OOK names it; empty: the funding source."),
    )
    loon_of_uitkering = forms.ChoiceField(
        label=_("Wage or benefit (PLOK)"),
        choices=[("", BLANK_CHOICE_LABEL), *LoonOfUitkering.choices],
        required=False,
    )
    bpv_adres = forms.CharField(
        label=_("BPV address"),
        max_length=300,
        required=False,
        help_text=_("Where the participant learns in practice; empty: the leerbedrijf's address."),
    )
    extra_ondersteuning = forms.MultipleChoiceField(
        label=_("Extra support"),
        choices=ExtraOndersteuning.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    extra_onderwijs = forms.CharField(
        label=_("Extra lessons or partial exams agreed"), max_length=300, required=False
    )
    leerlijn = forms.ModelChoiceField(
        label=_("Leerlijn (a ready-made set of werkprocessen)"),
        queryset=Leerlijn.objects.none(),
        required=False,
    )
    werkprocessen = WerkprocesChoiceField(
        label=_("Werkprocessen (from one to three kwalificaties)"),
        required=False,
        queryset=Werkproces.objects.select_related("kwalificatie", "kerntaak").order_by(
            "kwalificatie__crebo", "code"
        ),
        widget=WerkprocesPicker,
        error_messages={"required": _("Choose at least one werkproces.")},
    )

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = Organisatie.objects.filter(partnerships__pilot=pilot).distinct().order_by("naam")
        cast(forms.ModelChoiceField, self.fields["mbo_instelling"]).queryset = partners.filter(
            soort=OrganisatieSoort.MBO_INSTELLING
        )
        cast(forms.ModelChoiceField, self.fields["leerbedrijf"]).queryset = partners.filter(
            soort__in=[OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF]
        )
        cast(forms.ModelChoiceField, self.fields["leerlijn"]).queryset = pilot.leerlijnen.all()
        # Only people with an active membership with that role in this pilot (the service
        # checks it again).
        for field, role in (
            ("praktijkopleider", Role.PRAKTIJKOPLEIDER),
            ("jobcoach", Role.JOBCOACH),
        ):
            cast(forms.ModelChoiceField, self.fields[field]).queryset = personen_met_rol(
                pilot=pilot, role=role
            )

    def traject_gegevens(self) -> tuple[dict[str, Any], list[Any]]:
        """The traject's fields for `services.maak_traject` and its werkprocessen: those ticked
        plus those of the chosen leerlijn."""
        data = dict(self.cleaned_data)
        leerlijn = data.pop("leerlijn")
        werkprocessen = list(data.pop("werkprocessen") or [])
        if leerlijn is not None:
            werkprocessen = list(
                {*werkprocessen, *leerlijn.werkprocessen.select_related("kwalificatie")}
            )
        return data, werkprocessen


class LeerlijnForm(InvoerControle, forms.Form):
    naam = forms.CharField(label=_("Name"), max_length=150)
    werkprocessen = WerkprocesChoiceField(
        label=_("Werkprocessen"),
        queryset=Werkproces.objects.select_related("kwalificatie", "kerntaak").order_by(
            "kwalificatie__crebo", "code"
        ),
        widget=WerkprocesPicker,
        error_messages={"required": _("Choose at least one werkproces.")},
    )
