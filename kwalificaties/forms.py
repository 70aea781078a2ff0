from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024


def _check(upload: Any) -> Any:
    if upload is None:
        return upload
    if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
        raise forms.ValidationError(_("Upload a CSV or XLSX file."))
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The file is larger than 20 MB."))
    return upload


class KwalificatieImportForm(forms.Form):
    crebolijst = forms.FileField(
        label=_("Crebo list (CSV or XLSX)"),
        help_text=_(
            "Columns crebo, kwalificatie, kwalificatiedossier, niveau, domein; optionally "
            "dossier_crebo, versie, bron, geldig_vanaf, geldig_tot. An XLSX may hold the "
            "werkprocessen in a sheet named 'werkprocessen'."
        ),
        error_messages={"required": _("Choose the crebo list.")},
    )
    werkprocessen = forms.FileField(
        label=_("Kerntaken and werkprocessen (CSV or XLSX)"),
        help_text=_(
            "Columns crebo, kerntaak_code, kerntaak_naam, werkproces_code, werkproces_naam. "
            "For each kwalificatie in it, this is the complete set of its dossier's version: "
            "werkprocessen no longer in it are retired."
        ),
        required=False,
    )

    def clean_crebolijst(self) -> Any:
        return _check(self.cleaned_data.get("crebolijst"))

    def clean_werkprocessen(self) -> Any:
        return _check(self.cleaned_data.get("werkprocessen"))
