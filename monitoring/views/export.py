"""The export download (projectleider: own pilot; SBB-monitor and beheerder: national)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import View
from rest_framework.renderers import JSONRenderer

from pilots.models import Pilot
from pilots.roles import Cap, has_cap, has_national
from pilots.tenancy import CapabilityRequiredMixin

from ..export import als_csv_zip, als_tabellen, als_xlsx, monitor_export
from ..forms import ExportForm


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
        # The contract's tables, and with "aanvullend" the additional ones after them.
        aanvullend = request.GET.get("aanvullend") in ("1", "true", "on")
        data = monitor_export(peildatum=peildatum, pilot=pilot, aanvullend=aanvullend)
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
