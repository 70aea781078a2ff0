"""Monitor report pages: the list (projectleider: own pilot; SBB: every submitted report), a
report with its figures, submitting and reopening."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, View

from pilots.tenancy import (
    CapabilityRequiredMixin,
    ScopedViewMixin,
    get_for_user_or_404,
)
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user

from ..constants import RapportStatus
from ..forms import IndienForm
from ..models import MonitorRapport
from ..rapport import dien_in, heropen, rapport_cijfers


class RapportListView(ScopedViewMixin, ListView):
    model = MonitorRapport
    template_name = "monitoring/rapport_list.html"
    filter_current_pilot = False
    paginate_by = 50

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("pilot").order_by("-periode_start", "pilot")


class RapportDetailView(ScopedViewMixin, DetailView):
    model = MonitorRapport
    template_name = "monitoring/rapport_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        r, user = self.object, self.request.user
        ctx["cijfers"] = rapport_cijfers(r)
        ctx["can_submit"] = r.status != RapportStatus.INGEDIEND and (
            MonitorRapport.objects.for_user(user, "change").filter(pk=r.pk).exists()
        )
        ctx["can_reopen"] = MonitorRapport.objects.for_user(user, "reopen").filter(pk=r.pk).exists()
        ctx["form"] = kwargs.get("form") or IndienForm(
            initial={"verschillen": r.verschillen, "wijzigingen": r.wijzigingen}
        )
        return ctx


class IndienView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rapport = get_for_user_or_404(MonitorRapport, request.user, "change", pk=pk)
        form = IndienForm(request.POST)
        if form.is_valid():
            try:
                dien_in(actor=acting_user(request), rapport=rapport, **form.cleaned_data)
                messages.success(request, _("The report has been submitted to SBB."))
                return redirect(rapport)
            except ValidationError as exc:
                add_service_errors(form, exc)
        view = RapportDetailView()
        view.setup(request, pk=pk)
        view.object = rapport
        response = view.render_to_response(view.get_context_data(object=rapport, form=form))
        response.status_code = 400
        return response


class HeropenView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rapport = get_for_user_or_404(MonitorRapport, request.user, "reopen", pk=pk)
        heropen(actor=acting_user(request), rapport=rapport)
        messages.success(request, _("The report has been reopened for the projectleider."))
        return redirect(rapport)
