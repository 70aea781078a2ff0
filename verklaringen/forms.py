from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import RegistratieStatus
from .models import Registratie


class RegistratieChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.nummer} ({obj.uitgegeven_op:%d-%m-%Y})"


class MboVerklaringForm(forms.Form):
    overige_resultaten = forms.CharField(
        label=_("Other results (lessons, partial exams passed; one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    vervangt = RegistratieChoiceField(
        label=_("Corrects (supersedes) an issued mbo-verklaring"),
        queryset=Registratie.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, deelnemer: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only valid verklaringen of this participant that the user may see are offered.
        registraties = Registratie.objects.for_user(user, "view").filter(
            deelnemer=deelnemer, status=RegistratieStatus.GELDIG
        )
        cast(forms.ModelChoiceField, self.fields["vervangt"]).queryset = registraties
