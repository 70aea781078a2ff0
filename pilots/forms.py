from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from praktijkleren.validators import InvoerControle

from .constants import Financieringsbron, OrganisatieSoort, PartnerRol
from .models import Organisatie, Pilot, Subregio


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PilotForm(InvoerControle, forms.ModelForm):
    financieringsbronnen = forms.MultipleChoiceField(
        label=_("Funding sources"),
        choices=Financieringsbron.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Pilot
        fields = [
            "naam", "soort", "tranche", "arbeidsmarktregio", "doelgroep", "startdatum",
            "streefaantal", "bewaartermijn_maanden", "financieringsbronnen",
        ]  # fmt: skip
        widgets = {"startdatum": DateInput()}


class PartnerForm(InvoerControle, forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisatie.objects.none(),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    rol = forms.ChoiceField(label=_("Role in the collaboration"), choices=PartnerRol.choices)
    subregio = forms.ModelChoiceField(
        label=_("Subregio"), queryset=Subregio.objects.none(), required=False
    )
    sinds = forms.DateField(label=_("Partner since"), required=False, widget=DateInput())
    toelichting = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, pilot: Pilot, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisatie"]
        ).queryset = Organisatie.objects.for_user(user, "view")
        cast(forms.ModelChoiceField, self.fields["subregio"]).queryset = pilot.subregios.all()


class SubregioForm(InvoerControle, forms.Form):
    naam = forms.CharField(label=_("Name of the subregio"), max_length=100)


class OrganisatieForm(InvoerControle, forms.ModelForm):
    bekostigd = forms.NullBooleanField(
        label=_("Funded (bekostigd)"),
        required=False,
        widget=forms.Select(
            choices=[
                ("unknown", _("Not applicable / unknown")),
                ("true", _("Yes")),
                ("false", _("No")),
            ]
        ),
    )

    class Meta:
        model = Organisatie
        fields = [
            "naam", "soort", "adres", "postcode", "plaats", "brin", "bekostigd", "leerbedrijf_id",
            "email",
        ]  # fmt: skip

    # Uniqueness is checked by the service, with a message that names the field and value.
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class OrganisatieCreateForm(OrganisatieForm):
    partner_rol = forms.ChoiceField(
        label=_("Add as partner of my pilot, in the role"),
        choices=[("", _("Do not add as partner")), *PartnerRol.choices],
        required=False,
    )


class OrganisatieFilterForm(InvoerControle, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    soort = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrganisatieSoort.choices], required=False
    )


class MembershipForm(InvoerControle, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))
    organisatie = forms.ModelChoiceField(
        label=_("On behalf of organisation"),
        queryset=Organisatie.objects.none(),
        required=False,
        help_text=_(
            "A partner of this pilot. For a verwijzer this decides which referrals they see."
        ),
    )

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        from .services import PILOT_ROLES

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (r.value, r.label) for r in PILOT_ROLES
        ]
        cast(
            forms.ModelChoiceField, self.fields["organisatie"]
        ).queryset = Organisatie.objects.filter(partnerships__pilot=pilot).distinct()
