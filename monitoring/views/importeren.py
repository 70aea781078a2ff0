"""Browser pages of the import (projectleider, own pilot: upload, preview, confirm, progress)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from pilots.models import Pilot
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.http import acting_user
from praktijkleren.importmeldingen import groepeer

from ..forms import ImportUploadForm
from ..importeren.opdracht import bevestig, kan_bevestigen, maak_voorbeeld, meldingen, telling
from ..importeren.wijzigingen import leesbaar
from ..models import ImportOpdracht

SOORT_LABELS = {
    "pilots": gettext_lazy("Pilots"),
    "kwalificaties": gettext_lazy("Qualifications"),
    "deelnemers": gettext_lazy("Participants"),
    "trajecten": gettext_lazy("Trajectories"),
    "organisaties": gettext_lazy("Organisations"),
    "partners": gettext_lazy("Partners"),
    "verklaringen": gettext_lazy("Declarations"),
}
LOPEND = (ImportOpdracht.Status.BEVESTIGD, ImportOpdracht.Status.BEZIG)


def _pilot(request: HttpRequest, code: str) -> Pilot:
    """The pilot of the URL, for its projectleider only (another pilot 404, other roles 403)."""
    return get_for_user_or_404(Pilot, request.user, "change", code=code)


def _opdracht(request: HttpRequest, pk: int) -> ImportOpdracht:
    return get_for_user_or_404(
        ImportOpdracht.objects.select_related("pilot"), request.user, "change", pk=pk
    )


class ImportUploadView(CapabilityRequiredMixin, View):
    template_name = "monitoring/import_upload.html"

    def _render(self, pilot: Pilot, form: ImportUploadForm, status: int = 200) -> HttpResponse:
        recent = (
            ImportOpdracht.objects.for_user(self.request.user, "view")
            .filter(pilot=pilot)
            .select_related("created_by")[:10]
        )
        context = {"pilot": pilot, "form": form, "recent": recent}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return self._render(_pilot(request, code), ImportUploadForm())

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        pilot = _pilot(request, code)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(pilot, form, status=400)
        opdracht = maak_voorbeeld(
            actor=acting_user(request), pilot=pilot, bestanden=form.bestanden()
        )
        return redirect("monitoring:import", pk=opdracht.pk)


class ImportDetailView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        opdracht = _opdracht(request, pk)
        gegevens = opdracht.resultaat if opdracht.resultaat else opdracht.voorbeeld
        context = {
            "opdracht": opdracht,
            "pilot": opdracht.pilot,
            "telling": [
                {**rij, "label": SOORT_LABELS.get(rij["soort"], rij["soort"])}
                for rij in telling(gegevens.get("counts", {}))
            ],
            # Grouped by reason, translated, with what to do and each file and line.
            "fouten": groepeer(meldingen(gegevens, "errors")),
            "waarschuwingen": groepeer(meldingen(gegevens, "warnings")),
            "wijzigingen": leesbaar(gegevens.get("wijzigingen", [])),
            "is_resultaat": bool(opdracht.resultaat),
            "kan_bevestigen": kan_bevestigen(opdracht),
            "lopend": opdracht.status in LOPEND,
        }
        return render(request, "monitoring/import_detail.html", context)


class ImportBevestigView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        opdracht = _opdracht(request, pk)
        try:
            bevestig(actor=acting_user(request), opdracht=opdracht)
            messages.success(request, _("The import has been confirmed and is running."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:import", pk=opdracht.pk)
