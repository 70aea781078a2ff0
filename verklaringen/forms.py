from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pilots.forms import DateInput
from praktijkleren.validators import InvoerControle

from .constants import RegistratieStatus
from .mbo_verklaring import MAX_EXAMENRESULTATEN, eerdere_brancheorganisaties, kwalificaties_van
from .models import Registratie

BRANCHE_PREFIX = "branche_"
EXAMEN_PREFIX = "examen"


class RegistratieChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.nummer} ({obj.uitgegeven_op:%d-%m-%Y})"


class MboVerklaringForm(InvoerControle, forms.Form):
    overige_resultaten = forms.CharField(
        label=_("Other results (lessons followed, e.g. Nederlands 2F; one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    vervangt = RegistratieChoiceField(
        label=_("Corrects (supersedes) an issued mbo-verklaring"),
        queryset=Registratie.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, deelnemer: Any, user: Any, praktijkverklaring: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only valid verklaringen of this participant that the user may see are offered.
        registraties = Registratie.objects.for_user(user, "view").filter(
            deelnemer=deelnemer, status=RegistratieStatus.GELDIG
        )
        cast(forms.ModelChoiceField, self.fields["vervangt"]).queryset = registraties
        if praktijkverklaring is None:
            return
        # The brancheorganisatie per kwalificatie on the praktijkverklaring (last time's as a
        # suggestion).
        eerder = eerdere_brancheorganisaties(praktijkverklaring.traject.mbo_instelling_id)
        for k in kwalificaties_van(praktijkverklaring):
            self.fields[BRANCHE_PREFIX + k["crebo"]] = forms.CharField(
                label=_("Brancheorganisatie for %(crebo)s %(naam)s")
                % {"crebo": k["crebo"], "naam": k["kwalificatie"]},
                max_length=200,
                initial=eerder.get(k["crebo"], ""),
                help_text=_("The brancheorganisatie that belongs to this kwalificatie."),
                error_messages={
                    "required": _("Enter the brancheorganisatie for crebo %(crebo)s.")
                    % {"crebo": k["crebo"]}
                },
            )

    def brancheorganisaties(self) -> dict[str, str]:
        """{crebo: naam} from the cleaned data."""
        return {
            naam[len(BRANCHE_PREFIX) :]: waarde
            for naam, waarde in self.cleaned_data.items()
            if naam.startswith(BRANCHE_PREFIX)
        }


class ExamenresultaatForm(InvoerControle, forms.Form):
    """One exam result row; an empty row is ignored. The service checks the rows."""

    examenonderdeel = forms.CharField(label=_("Examenonderdeel"), max_length=200, required=False)
    datum = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    resultaat = forms.CharField(
        label=_("Result"),
        max_length=50,
        required=False,
        help_text=_("For example: voldoende, goed, 7,5"),
    )
    certificaat_crebo = forms.CharField(
        label=_("Crebo of the mbo-certificaat"), max_length=5, required=False
    )
    certificaat_naam = forms.CharField(
        label=_("Mbo-certificaat obtained (if any)"), max_length=200, required=False
    )


ExamenresultaatFormSet = forms.formset_factory(
    ExamenresultaatForm, extra=3, max_num=MAX_EXAMENRESULTATEN, validate_max=True
)


def examen_formset(data: Any = None) -> Any:
    """The exam result rows of the mbo-verklaring form. A POST without the rows (an older
    client, the API) counts as no exam results."""
    if data is not None and f"{EXAMEN_PREFIX}-TOTAL_FORMS" not in data:
        data = {f"{EXAMEN_PREFIX}-TOTAL_FORMS": "0", f"{EXAMEN_PREFIX}-INITIAL_FORMS": "0"}
    return ExamenresultaatFormSet(data, prefix=EXAMEN_PREFIX)


class UitgifteForm(InvoerControle, forms.Form):
    """Who signs for the examencommissie, with their function."""

    ondertekenaar_naam = forms.CharField(
        label=_("Signed for the examencommissie by"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the member of the examencommissie who signs.")
        },
    )
    ondertekenaar_functie = forms.CharField(
        label=_("Function in the examencommissie"),
        max_length=100,
        help_text=_("For example: voorzitter, secretaris, lid"),
        error_messages={"required": _("Enter the function of the member who signs.")},
    )
