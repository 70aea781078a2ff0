from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from kwalificaties.models import Kwalificatie, Werkproces
from kwalificaties.services import herkomst_merk
from kwalificaties.widgets import WerkprocesPicker
from pilots.constants import OrganisatieSoort
from pilots.forms import DateInput
from pilots.models import Organisatie, Pilot, Subregio
from praktijkleren.validators import InvoerControle

from .constants import LeerbaanStatus
from .models import normaliseer_postcode
from .selectors import contactpersonen


class CreboField(forms.CharField):
    """Crebo numbers typed as text ("25250, 25256"): easier on a phone than a list of hundreds."""

    def clean(self, value: Any) -> list[Kwalificatie]:  # type: ignore[override]
        tekst = super().clean(value) or ""
        crebos = [c for c in re.split(r"[\s,;]+", tekst) if c]
        fout = [c for c in crebos if not re.fullmatch(r"[0-9]{5}", c)]
        if fout:
            raise forms.ValidationError(
                _("A crebo number has exactly five digits: %(fout)s.") % {"fout": ", ".join(fout)}
            )
        gevonden = {k.crebo: k for k in Kwalificatie.objects.filter(crebo__in=crebos)}
        onbekend = [c for c in crebos if c not in gevonden]
        if onbekend:
            raise forms.ValidationError(
                _("Unknown crebo: %(crebos)s. Check the number in the kwalificatiestructuur.")
                % {"crebos": ", ".join(onbekend)}
            )
        return list(gevonden.values())

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return ", ".join(k.crebo if isinstance(k, Kwalificatie) else str(k) for k in items)
        return value


class WerkprocesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.kwalificatie.crebo} {obj.kwalificatie.naam} · {obj.code} {obj.naam}"
        return f"{label} ({merk})" if (merk := herkomst_merk(obj)) else label


def _werkprocessen(label: Any) -> WerkprocesChoiceField:
    return WerkprocesChoiceField(
        label=label,
        required=False,
        queryset=Werkproces.objects.select_related("kwalificatie", "kerntaak").order_by(
            "kwalificatie__crebo", "code"
        ),
        widget=WerkprocesPicker,
    )


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.email} ({obj.email})"


class LeerbaanForm(InvoerControle, forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Leerbedrijf"),
        queryset=Organisatie.objects.none(),
        error_messages={"required": _("Choose a leerbedrijf or sw-bedrijf.")},
    )
    titel = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("For example: Medewerker magazijn.")
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 3511 AB"))
    plaats = forms.CharField(label=_("Gemeente or place"), max_length=100)
    subregio = forms.ModelChoiceField(
        label=_("Subregio"), queryset=Subregio.objects.none(), required=False
    )
    kwalificaties = CreboField(
        label=_("Kwalificaties (crebo)"),
        required=False,
        max_length=200,
        help_text=_(
            "Crebo numbers separated by commas. A crebo without werkprocessen chosen below "
            "means all of its werkprocessen."
        ),
    )
    werkprocessen = _werkprocessen(_("Werkprocessen it can teach"))
    uren_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=40)
    start_vanaf = forms.DateField(label=_("Start from"), widget=DateInput())
    start_tot = forms.DateField(label=_("Start until"), widget=DateInput())
    plaatsen = forms.IntegerField(label=_("Number of places"), min_value=1, initial=1)
    contactpersoon = ContactChoiceField(
        label=_("Contact person"),
        queryset=get_user_model().objects.none(),
        help_text=_("Accepts or declines the candidates proposed: the leerbedrijf or the WSP."),
        error_messages={"required": _("Choose the contact person.")},
    )
    toelichting = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    voorwaardelijk_verplicht = {
        "kwalificaties": _("a crebo or at least one werkproces"),
        "werkprocessen": _("a crebo or at least one werkproces"),
    }

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisatie"]).queryset = (
            Organisatie.objects.filter(
                partnerships__pilot=pilot,
                soort__in=[OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF],
            )
            .distinct()
            .order_by("naam")
        )
        cast(forms.ModelChoiceField, self.fields["subregio"]).queryset = pilot.subregios.all()
        cast(forms.ModelChoiceField, self.fields["contactpersoon"]).queryset = contactpersonen(
            pilot
        )

    def clean_postcode(self) -> str:
        return normaliseer_postcode(self.cleaned_data["postcode"])


class LeerbaanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *LeerbaanStatus.choices],
        required=False,
        initial=LeerbaanStatus.OPEN,
    )
    subregio = forms.ModelChoiceField(
        label=_("Subregio"), queryset=Subregio.objects.none(), required=False
    )

    def __init__(self, *args: Any, pilot: Pilot | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pilot is not None:
            cast(forms.ModelChoiceField, self.fields["subregio"]).queryset = pilot.subregios.all()


def sectoren() -> list[tuple[str, Any]]:
    domeinen = (
        Kwalificatie.objects.exclude(domein="")
        .order_by("domein")
        .values_list("domein", flat=True)
        .distinct()
    )
    return [("", BLANK_CHOICE_LABEL), *((d, d) for d in domeinen)]


class ZoekvraagForm(InvoerControle, forms.Form):
    postcode4 = forms.CharField(
        label=_("Postcode (four digits)"), max_length=4, required=False, help_text=_("e.g. 3511")
    )
    plaats = forms.CharField(label=_("Gemeente or place"), max_length=100, required=False)
    subregio = forms.ModelChoiceField(
        label=_("Subregio"), queryset=Subregio.objects.none(), required=False
    )
    uren_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=40, required=False
    )
    kwalificaties = CreboField(
        label=_("Preferred kwalificaties (crebo)"), required=False, max_length=200
    )
    werkprocessen = _werkprocessen(_("Preferred werkprocessen"))
    start_vanaf = forms.DateField(label=_("Start from"), widget=DateInput(), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=())
    toelichting = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["subregio"]).queryset = pilot.subregios.all()
        cast(forms.ChoiceField, self.fields["sector"]).choices = sectoren()


class VoorstelForm(InvoerControle, forms.Form):
    toelichting = forms.CharField(
        label=_("Note for the leerbedrijf"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Why this candidate fits; no more personal data than needed."),
    )


class AfwijsForm(InvoerControle, forms.Form):
    reden = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for declining the candidate.")},
    )
