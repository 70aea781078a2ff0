"""Start page per role, composed from the selectors of the apps below."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from deelnemers.models import Deelnemer
from intake.services import te_laat
from monitoring.selectors import landelijk_overzicht, pilot_kengetallen
from pilots import roles
from pilots.roles import Cap


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
