"""Forms of the begeleidingsinstrument. They only collect input; the rules live in
trajecten/voortgang.py (the services), whose errors are shown on these forms by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.forms import DateInput
from praktijkleren.validators import InvoerControle
from trajecten.constants import (
    KwaliteitsMomentSoort,
    KwaliteitsUitkomst,
    VoortgangSoort,
    WerkprocesStatus,
)


def _text(label: Any, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class EntryForm(InvoerControle, forms.Form):
    """One dated entry. The STARR fields are used for a STARR reflection, the text otherwise."""

    # Marked beside the label (praktijkleren/templatetags/formulier.py).
    voorwaardelijk_verplicht = {
        veld: _("required for a STARR reflection") for veld in ("situatie", "actie", "reflectie")
    }

    soort = forms.ChoiceField(
        label=_("Kind"),
        choices=VoortgangSoort.choices,
        error_messages={"required": _("Choose the kind of entry.")},
    )
    datum = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date.")},
    )
    tekst = _text(_("Text"), help_text=_("For a work assignment or an observation."))
    situatie = _text(_("Situation"), rows=2, help_text=_("STARR: where and when?"))
    taak = _text(_("Task"), rows=2, help_text=_("STARR: what was the assignment?"))
    actie = _text(_("Action"), rows=2, help_text=_("STARR: what did the participant do?"))
    resultaat = _text(_("Result"), rows=2, help_text=_("STARR: what came of it?"))
    reflectie = _text(
        _("Reflection"),
        rows=2,
        help_text=_("STARR: what went well, what will be done differently?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"datum": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "soort": data["soort"],
            "datum": data["datum"],
            "tekst": data["tekst"],
            "starr": {k: data[k] for k in ("situatie", "taak", "actie", "resultaat", "reflectie")},
        }


class StatusForm(InvoerControle, forms.Form):
    """The werkproces status; "beheerst" (with the samenvattend oordeel) only for the traject's
    own praktijkopleider."""

    # Marked beside the label (praktijkleren/templatetags/formulier.py).
    voorwaardelijk_verplicht = {
        "samenvattend_oordeel": _("required to mark the werkproces beheerst")
    }
    status = forms.ChoiceField(
        label=_("Status"),
        widget=forms.RadioSelect,
        choices=WerkprocesStatus.choices,
        error_messages={"required": _("Choose a status from the list.")},
    )
    samenvattend_oordeel = _text(
        _("Samenvattend oordeel"),
        rows=4,
        help_text=_("Required when you mark the werkproces beheerst; it is shown on the traject."),
    )

    def __init__(self, *args: Any, kan_beoordelen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not kan_beoordelen:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                c for c in WerkprocesStatus.choices if c[0] != WerkprocesStatus.BEHEERST
            ]
            del self.fields["samenvattend_oordeel"]


class KwaliteitsMomentForm(InvoerControle, forms.Form):
    moment = forms.ChoiceField(
        label=_("Review moment"),
        choices=KwaliteitsMomentSoort.choices,
        error_messages={"required": _("Choose the review moment.")},
    )
    datum = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"required": _("Enter the date.")}
    )
    uitkomst = forms.ChoiceField(
        label=_("Review outcome"),
        choices=KwaliteitsUitkomst.choices,
        error_messages={"required": _("Choose the outcome.")},
    )
    toelichting = _text(
        _("Explanation"), help_text=_("Required when the outcome is not “on track”.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"datum": timezone.localdate()})
        super().__init__(*args, **kwargs)
