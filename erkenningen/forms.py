from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwalificaties.models import Kwalificatie
from pilots.constants import OrganisatieSoort
from pilots.forms import DateInput
from pilots.models import Organisatie

from .constants import ErkenningSoort, ErkenningStatus

ERKENBARE_SOORTEN = [
    OrganisatieSoort.LEERBEDRIJF,
    OrganisatieSoort.SW_BEDRIJF,
    OrganisatieSoort.MBO_INSTELLING,
]


class OrganisatieChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        code = obj.leerbedrijf_id or obj.brin
        return f"{obj} - {code}" if code else str(obj)


def organisaties(user: Any) -> Any:
    return Organisatie.objects.for_user(user, "view").filter(soort__in=ERKENBARE_SOORTEN)


class ErkenningFilterForm(forms.Form):
    organisatie = OrganisatieChoiceField(
        label=_("Organisation"), queryset=Organisatie.objects.none(), required=False
    )
    q = forms.CharField(label=_("Crebo or qualification"), required=False, max_length=100)
    soort = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *ErkenningSoort.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ErkenningStatus.choices], required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties(user)  # type: ignore[attr-defined]


class ErkenningWijzigForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ErkenningStatus.choices)
    sinds = forms.DateField(
        label=_("Since"),
        required=False,
        widget=DateInput(),
        help_text=_("Required for recognised: the date in the register."),
    )
    bron = forms.CharField(
        label=_("Source"),
        max_length=200,
        initial="SBB register",
        help_text=_("For example: SBB register, DUO."),
    )
    gecontroleerd_op = forms.DateField(
        label=_("Checked on"), widget=DateInput(), initial=timezone.localdate
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_(
            "Whom to contact while the recognition is applied for, e.g. "
            "'SBB-adviseur J. Jansen, 088-...'."
        ),
    )


class ErkenningForm(ErkenningWijzigForm):
    organisatie = OrganisatieChoiceField(
        label=_("Organisation"),
        queryset=Organisatie.objects.none(),
        help_text=_("A leerbedrijf with its SBB leerbedrijf-ID, or an mbo-instelling."),
    )
    kwalificatie = forms.ModelChoiceField(
        label=_("Qualification (crebo)"), queryset=Kwalificatie.objects.none()
    )
    soort = forms.ChoiceField(label=_("Kind"), choices=ErkenningSoort.choices)

    field_order = ["organisatie", "kwalificatie", "soort"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties(user)  # type: ignore[attr-defined]
        self.fields["kwalificatie"].queryset = Kwalificatie.objects.for_user(user, "view")  # type: ignore[attr-defined]
