from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from pilots.constants import OrganisatieSoort
from pilots.forms import DateInput
from pilots.models import Organisatie
from praktijkleren.validators import InvoerControle
from trajecten.constants import LoonOfUitkering

from .constants import PARTIJEN, OvereenkomstSoort, PartijRol
from .inhoud import MOBILITEITSTEAM_SOORTEN
from .models import Overeenkomst

ORGANISATIE_SOORTEN: dict[str, tuple[str, ...]] = {
    PartijRol.MBO: (OrganisatieSoort.MBO_INSTELLING,),
    PartijRol.LEERBEDRIJF: (OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF),
    PartijRol.MOBILITEITSTEAM: MOBILITEITSTEAM_SOORTEN,
}
EXTRA_VELDEN = (
    "financiering", "loon_of_uitkering", "kosten_betaald_door", "extra_onderwijs", "bpv_adres",
)  # fmt: skip
CLAUSULES = {
    "begeleiding": _("Guidance and contact with the mbo"),
    "beoordeling": _("Assessment"),
    "beeindiging": _("Early termination"),
}


class OvereenkomstForm(InvoerControle, forms.Form):
    """Change an agreement: dates, signatories and (POK) clauses, (PLOK) funding. Saving makes
    a new version."""

    startdatum = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the start date.")},
    )
    einddatum = forms.DateField(
        label=_("End date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the end date.")},
    )

    def __init__(self, *args: Any, overeenkomst: Overeenkomst, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.overeenkomst = overeenkomst
        soort = overeenkomst.soort
        pilot_id = overeenkomst.traject.deelnemer.pilot_id
        versie = overeenkomst.huidige_versie
        rollen = [p["rol"] for p in versie.inhoud.get("partijen", [])] if versie else []
        for rol in rollen or PARTIJEN[soort]:
            label = PartijRol(rol).label
            if rol in ORGANISATIE_SOORTEN:
                self.fields[f"organisatie_{rol}"] = forms.ModelChoiceField(
                    label=_("%(partij)s: organisation") % {"partij": label},
                    queryset=Organisatie.objects.filter(
                        partnerships__pilot_id=pilot_id, soort__in=ORGANISATIE_SOORTEN[rol]
                    )
                    .distinct()
                    .order_by("naam"),
                    required=False,
                )
            self.fields[f"naam_{rol}"] = forms.CharField(
                label=_("%(partij)s: name of the signatory") % {"partij": label},
                max_length=200,
                required=False,
            )
            self.fields[f"email_{rol}"] = forms.EmailField(
                label=_("%(partij)s: e-mail address of the signatory") % {"partij": label},
                required=False,
                error_messages={"invalid": _("Enter a valid e-mail address.")},
            )
        if soort == OvereenkomstSoort.OOK:
            self.fields["kosten_betaald_door"] = forms.CharField(
                label=_("Costs paid by"), max_length=200, required=False
            )
            self.fields["extra_onderwijs"] = forms.CharField(
                label=_("Extra lessons or partial exams agreed"), max_length=300, required=False
            )
        if soort == OvereenkomstSoort.POK:
            self.fields["bpv_adres"] = forms.CharField(
                label=_("BPV address"), max_length=300, required=False
            )
            for veld, label in CLAUSULES.items():
                self.fields[veld] = forms.CharField(
                    label=label, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
                )
        if soort == OvereenkomstSoort.PLOK:
            self.fields["financiering"] = forms.CharField(
                label=_("Funding"), max_length=200, required=False
            )
            self.fields["loon_of_uitkering"] = forms.ChoiceField(
                label=_("Wage or benefit"),
                choices=[("", BLANK_CHOICE_LABEL), *LoonOfUitkering.choices],
                required=False,
            )

    @staticmethod
    def initial_from(overeenkomst: Overeenkomst) -> dict[str, Any]:
        versie = overeenkomst.huidige_versie
        assert versie is not None
        inhoud = versie.inhoud
        initial: dict[str, Any] = {
            "startdatum": inhoud.get("startdatum"),
            "einddatum": inhoud.get("einddatum"),
        }
        for partij in inhoud.get("partijen", []):
            rol = partij["rol"]
            initial[f"organisatie_{rol}"] = partij.get("organisatie_id")
            initial[f"naam_{rol}"] = partij.get("naam", "")
            initial[f"email_{rol}"] = partij.get("email", "")
        for veld in (*CLAUSULES, *EXTRA_VELDEN):
            if veld in inhoud:
                initial[veld] = inhoud[veld]
        return initial

    def wijzigingen(self) -> dict[str, Any]:
        """The new content fields, in the shape of `OvereenkomstVersie.inhoud`."""
        data = self.cleaned_data
        versie = self.overeenkomst.huidige_versie
        assert versie is not None
        partijen = []
        for partij in versie.inhoud.get("partijen", []):
            rol = partij["rol"]
            nieuw = {**partij, "naam": data[f"naam_{rol}"].strip(), "email": data[f"email_{rol}"]}
            if f"organisatie_{rol}" in self.fields:
                org = cast(Organisatie | None, data.get(f"organisatie_{rol}"))
                nieuw["organisatie_id"] = org.pk if org else None
                nieuw["organisatie"] = org.naam if org else ""
            partijen.append(nieuw)
        result: dict[str, Any] = {
            "startdatum": data["startdatum"].isoformat(),
            "einddatum": data["einddatum"].isoformat(),
            "partijen": partijen,
        }
        for veld in (*CLAUSULES, *EXTRA_VELDEN):
            if veld in self.fields:
                result[veld] = data[veld].strip()
        return result
