"""Browser pages of the import (projectleider, own pilot: upload, preview, confirm, progress)
and the export download (projectleider: own pilot; SBB-monitor and beheerder: national)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from rest_framework.renderers import JSONRenderer

from pilots.models import Pilot
from pilots.roles import Cap, has_cap, has_national
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404

from .export import als_csv_zip, als_tabellen, als_xlsx, monitor_export
from .import_forms import ExportForm, ImportUploadForm
from .import_taak import bevestig, fouten_per_bestand, kan_bevestigen, maak_voorbeeld, telling
from .models import ImportOpdracht

SOORT_LABELS = {
    "pilots": gettext_lazy("Pilots"),
    "kwalificaties": gettext_lazy("Qualifications"),
    "deelnemers": gettext_lazy("Participants"),
    "trajecten": gettext_lazy("Trajectories"),
    "organisaties": gettext_lazy("Organisations"),
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
        opdracht = maak_voorbeeld(actor=request.user, pilot=pilot, bestanden=form.bestanden())
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
            "fouten": fouten_per_bestand(gegevens.get("errors", [])),
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
            bevestig(actor=request.user, opdracht=opdracht)
            messages.success(request, _("The import has been confirmed and is running."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:import", pk=opdracht.pk)


class ExportView(CapabilityRequiredMixin, View):
    """The monitor export as a download: the same data and writers as the API export."""

    template_name = "monitoring/export.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        national = has_national(user, Cap.COUNTS_NATIONAL)
        eigen: Pilot | None = None
        if not national:
            eigen = getattr(request, "pilot", None)
            if eigen is None or not has_cap(user, Cap.PILOT_CHANGE, eigen.pk):
                raise PermissionDenied
        pilots = Pilot.objects.all() if national else None
        if "peildatum" not in request.GET:
            return self._render(ExportForm(pilots=pilots), eigen)
        form = ExportForm(request.GET, pilots=pilots)
        if not form.is_valid():
            return self._render(form, eigen, status=400)
        pilot = form.cleaned_data.get("pilot") if national else eigen
        peildatum = form.cleaned_data["peildatum"]
        data = monitor_export(peildatum=peildatum, pilot=pilot)
        formaat = form.cleaned_data["format"]
        naam = f"monitor-{pilot.code if pilot else 'landelijk'}-{peildatum.isoformat()}"
        if formaat == "csv":
            inhoud, soort = als_csv_zip(als_tabellen(data)), "application/zip"
            naam += ".zip"
        elif formaat == "xlsx":
            inhoud = als_xlsx(als_tabellen(data))
            soort = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            naam += ".xlsx"
        else:
            inhoud, soort = JSONRenderer().render(data), "application/json"
            naam += ".json"
        response = HttpResponse(inhoud, content_type=soort)
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response

    def _render(self, form: ExportForm, eigen: Pilot | None, status: int = 200) -> HttpResponse:
        context = {"form": form, "pilot": eigen, "api_url": reverse("api-monitor-export")}
        return render(self.request, self.template_name, context, status=status)
