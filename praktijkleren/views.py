"""Platform views: start page per role, pilot switcher, health check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from deelnemers.models import Deelnemer
from monitoring.selectors import landelijk_overzicht, pilot_kengetallen

from . import roles
from .roles import Cap
from .tenancy import SESSION_PILOT_KEY


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        pilot = self.request.pilot  # type: ignore[attr-defined]
        if pilot is not None:
            ctx["kengetallen"] = pilot_kengetallen(pilot=pilot)
            ctx["show_pilot_figures"] = roles.has_cap(user, Cap.DEELNEMER_VIEW_ALL, pilot.pk) or (
                roles.has_national(user, Cap.COUNTS_NATIONAL)
            )
            if roles.has_cap(user, Cap.INTAKE_VIEW, pilot.pk):
                from intake.services import te_laat

                ctx["te_laat"] = te_laat(
                    Deelnemer.objects.for_user(user, "view").filter(pilot=pilot),
                    today=timezone.localdate(),
                ).order_by("aangemeld_op")[:20]
            ctx["can_refer"] = roles.has_cap(user, Cap.DEELNEMER_REFER, pilot.pk)
            ctx["my_deelnemers"] = (
                Deelnemer.objects.for_user(user, "view")
                .filter(pilot=pilot)
                .order_by("-aangemeld_op")[:10]
            )
        if roles.has_national(user, Cap.COUNTS_NATIONAL):
            ctx["landelijk"] = landelijk_overzicht()
        return ctx


class SwitchPilotView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        from pilots.models import Pilot

        pilot = get_object_or_404(
            Pilot.objects.for_user(request.user, "view"), pk=request.POST.get("pilot") or 0
        )
        request.session[SESSION_PILOT_KEY] = pilot.pk
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = "/"
        return redirect(target)


def health(request: HttpRequest) -> JsonResponse:
    """Database and (when configured) broker reachability, for load balancers and compose."""
    from django.conf import settings

    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    broker_url = getattr(settings, "CELERY_BROKER_URL", "")
    if broker_url:
        from .celery import app

        try:
            with app.connection_for_write(broker_url) as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    healthy = all(v == "ok" or v.startswith("not configured") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
