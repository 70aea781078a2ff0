"""Dashboard pages (per pilot and national) and the PDF downloads of the monitor reports.
Counts only: no participant's personal data appears on these pages."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import TemplateView, View

from pilots import roles
from pilots.models import Pilot
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404

from ..dashboard import landelijk_dashboard, pilot_dashboard
from ..models import MonitorRapport
from ..pdf import landelijk_pad, pdf_is_actueel
from ..tasks import maak_landelijk_pdf, maak_rapport_pdf


def _pdf_response(pdf: bytes | Any, filename: str) -> HttpResponse | FileResponse:
    if isinstance(pdf, bytes):
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(pdf, as_attachment=True, filename=filename, content_type="application/pdf")


logger = logging.getLogger(__name__)


def _vraag_pdf(task: Any, *args: Any) -> None:
    """Ask a worker for the PDF. With the broker down the page says to come back later (the
    next request asks again) instead of failing."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # kombu raises its own connection errors
        logger.warning("broker unavailable: %s not queued", task.name)


class NationalRequiredMixin(CapabilityRequiredMixin):
    """SBB-monitor and the platform beheerder: national counts."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not roles.has_national(
            request.user, Cap.COUNTS_NATIONAL
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PilotDashboardView(CapabilityRequiredMixin, TemplateView):
    """A pilot's charts: for its projectleider, SBB and the beheerder."""

    template_name = "monitoring/dashboard.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.pilot = get_for_user_or_404(Pilot, request.user, "view", code=kwargs["code"])
            if not (
                roles.has_cap(request.user, Cap.PILOT_CHANGE, self.pilot.pk)
                or roles.has_national(request.user, Cap.COUNTS_NATIONAL)
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "pilot": self.pilot,
            "dashboard": pilot_dashboard(pilot=self.pilot),
        }


class LandelijkDashboardView(NationalRequiredMixin, TemplateView):
    """The national charts (every pilot counted) and the per-pilot tables a page at a time:
    at national scale one row per pilot was 2,600 rows on one page (issue 16)."""

    template_name = "monitoring/dashboard_landelijk.html"
    pilots_per_pagina = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        dashboard = landelijk_dashboard()
        page_obj = Paginator(dashboard.per_pilot, self.pilots_per_pagina).get_page(
            self.request.GET.get("page")
        )
        codes = {r["code"] for r in page_obj}
        dashboard.per_pilot = list(page_obj)
        dashboard.partners = [r for r in dashboard.partners if r["pilot"] in codes]
        return {
            **super().get_context_data(**kwargs),
            "dashboard": dashboard,
            "page_obj": page_obj,
            "is_paginated": page_obj.has_other_pages(),
        }


class LandelijkPdfView(NationalRequiredMixin, View):
    """Today's national report, made by Celery (once per day); a page asks to refresh while a
    worker makes it."""

    def get(self, request: HttpRequest) -> HttpResponse | FileResponse:
        from django.core.files.storage import default_storage

        vandaag = timezone.localdate()
        pad = landelijk_pad(vandaag)
        if not default_storage.exists(pad):
            _vraag_pdf(maak_landelijk_pdf, vandaag.isoformat())
        if not default_storage.exists(pad):
            return render(request, "monitoring/dashboard_pdf_wacht.html", {"rapport": None})
        return _pdf_response(default_storage.open(pad, "rb"), pad.rsplit("/", 1)[-1])


class RapportPdfView(CapabilityRequiredMixin, View):
    """The report's PDF; made by Celery when missing or out of date. With an eager Celery (or a
    fast worker) the PDF is there at once; otherwise a page asks to refresh."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
        rapport = get_for_user_or_404(
            MonitorRapport.objects.select_related("pilot"), request.user, "view", pk=pk
        )
        if not pdf_is_actueel(rapport):
            _vraag_pdf(maak_rapport_pdf, rapport.pk)
            rapport.refresh_from_db()
        if not pdf_is_actueel(rapport):
            return render(request, "monitoring/dashboard_pdf_wacht.html", {"rapport": rapport})
        return _pdf_response(
            rapport.pdf.open("rb"),
            f"monitorrapport-{rapport.pilot.code}-{rapport.periode_start:%Y-%m}.pdf",
        )
