"""The referral funnel of a pilot (counts only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from pilots import roles
from pilots.models import Pilot
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404

from ..charts import bar_chart
from ..selectors import referral_funnel


class FunnelView(CapabilityRequiredMixin, TemplateView):
    """The referral funnel of a pilot: counts only, for the projectleider, the mbo and SBB."""

    template_name = "monitoring/funnel.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.pilot = get_for_user_or_404(Pilot, request.user, "view", code=kwargs["code"])
            if not (
                roles.has_cap(request.user, Cap.DEELNEMER_VIEW_ALL, self.pilot.pk)
                or roles.has_national(request.user, Cap.COUNTS_NATIONAL)
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        funnel = referral_funnel(pilot=self.pilot)
        return {
            **super().get_context_data(**kwargs),
            "pilot": self.pilot,
            "funnel": funnel,
            "stappen_chart": bar_chart(funnel.rijen, title=_("Referral funnel")),
            "maand_chart": bar_chart(funnel.per_maand, title=_("Referrals per month")),
            "route_chart": bar_chart(funnel.per_route, title=_("Advice by route")),
        }
