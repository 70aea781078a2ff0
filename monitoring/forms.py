"""Forms of monitoring: the browser import (upload), the export download and the texts of a
monitor report (saving the draft, confirming the submission)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot

MAX_BESTAND = 10 * 1024 * 1024  # bytes per uploaded file
IMPORT_SOORTEN = ("pilots", "deelnemers", "verklaringen")
EXPORT_FORMATEN = (("json", "JSON"), ("csv", _("CSV (zip)")), ("xlsx", "XLSX"))


class ImportBestandField(forms.FileField):
    """One import file: .csv or .xlsx, at most MAX_BESTAND bytes."""

    default_validators = [FileExtensionValidator(["csv", "xlsx"])]

    def clean(self, data: Any, initial: Any = None) -> Any:
        bestand = super().clean(data, initial)
        if bestand and bestand.size > MAX_BESTAND:
            raise forms.ValidationError(
                _("The file is %(size)s; the maximum is %(max)s."),
                code="too_big",
                params={
                    "size": filesizeformat(bestand.size),
                    "max": filesizeformat(MAX_BESTAND),
                },
            )
        return bestand


class ImportUploadForm(forms.Form):
    pilots = ImportBestandField(
        label=_("Pilot (pilots.csv)"),
        required=False,
        help_text=_("Optional: only your own pilot's row."),
    )
    deelnemers = ImportBestandField(label=_("Participants (deelnemers.csv)"), required=False)
    verklaringen = ImportBestandField(label=_("Declarations (verklaringen.csv)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(soort) for soort in IMPORT_SOORTEN):
            raise forms.ValidationError(_("Choose at least one file."), code="empty")
        return data

    def bestanden(self) -> dict[str, bytes]:
        """The uploaded files under the names the import expects (`deelnemers.csv`, ...)."""
        result = {}
        for soort in IMPORT_SOORTEN:
            upload = self.cleaned_data.get(soort)
            if upload:
                ext = upload.name.rsplit(".", 1)[-1].lower()
                result[f"{soort}.{ext}"] = upload.read()
        return result


class ExportForm(forms.Form):
    peildatum = forms.DateField(
        label=_("Reference date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=EXPORT_FORMATEN, initial="json")
    pilot = forms.ModelChoiceField(
        label=_("Pilot"),
        queryset=Pilot.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All pilots (national)"),
    )

    def __init__(self, *args: Any, pilots: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"peildatum": timezone.localdate(), "format": "json"})
        super().__init__(*args, **kwargs)
        if pilots is None:
            # A projectleider exports their current pilot only: no choice to make.
            del self.fields["pilot"]
        else:
            self.fields["pilot"].queryset = pilots.order_by("naam")  # type: ignore[attr-defined]


class RapportForm(forms.Form):
    """The projectleider's texts of a monitor report: the story and what the pilots' plan asks
    pilots to report (recruitment of leerbedrijven, financing, administrative burden)."""

    verschillen = forms.CharField(
        label=_("Differences between expectation and realisation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text=_("Required to submit. Write no names of participants: SBB may not see them."),
    )
    wijzigingen = forms.CharField(
        label=_("Changes in partners or approach"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    werving_leerbedrijven = forms.CharField(
        label=_("Recruitment of training companies"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("How finding and recognising training companies went in this period."),
    )
    financiering = forms.CharField(
        label=_("Financing of the routes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    administratieve_last = forms.CharField(
        label=_("Administrative burden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("How workable the paperwork of praktijkleren was for the partners."),
    )


class RapportIndienForm(RapportForm):
    """The confirmation step of submitting: the texts as shown (hidden) and a required tick."""

    stap = forms.CharField(widget=forms.HiddenInput, initial="bevestigen")
    bevestig = forms.BooleanField(
        label=_("I have read the report again: it names no participant. Submit it to SBB."),
        error_messages={"required": _("Tick the box to confirm that you submit the report.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam in RapportForm.base_fields:
            self.fields[naam].widget = forms.HiddenInput()
