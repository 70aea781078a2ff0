"""Monitor report pages: the list (projectleider: own pilot; SBB: every submitted report), making
the draft of the last finished period, a report with its figures, saving the story as a draft,
submitting it after a confirmation step, and reopening."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, View

from pilots import roles
from pilots.models import Pilot
from pilots.roles import Cap
from pilots.tenancy import (
    CapabilityRequiredMixin,
    ScopedViewMixin,
    get_for_user_or_404,
)
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user

from ..constants import RapportStatus
from ..forms import RapportForm, RapportIndienForm
from ..models import MonitorRapport
from ..rapport import (
    VERHAAL,
    bewaar_concept,
    controleer_indienen,
    dien_in,
    heropen,
    maak_concept,
    rapport_cijfers,
    vorige_periode,
)


class RapportListView(ScopedViewMixin, ListView):
    model = MonitorRapport
    template_name = "monitoring/rapport_list.html"
    filter_current_pilot = False
    paginate_by = 50

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("pilot").order_by("-periode_start", "pilot")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        start, eind = vorige_periode(timezone.localdate())
        # The pilots this user leads: each gets the draft of the last finished period here.
        ctx["concept_pilots"] = (
            Pilot.objects.for_user(user, "change")
            .filter(pk__in=roles.pilot_ids_with(user, Cap.PILOT_CHANGE))
            .annotate(
                concept_pk=Subquery(
                    MonitorRapport.objects.for_user(user, "change")
                    .filter(pilot=OuterRef("pk"), periode_start=start)
                    .values("pk")[:1]
                )
            )
            .order_by("naam")
        )
        ctx["vorige_periode"] = f"{start:%Y-%m}/{eind:%m}"
        return ctx


class ConceptMakenView(CapabilityRequiredMixin, View):
    """The projectleider makes the draft of the last finished period (the beat task's service):
    a second click finds the existing one."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        pilot = get_for_user_or_404(Pilot, request.user, "change", code=code)
        rapport, nieuw = maak_concept(actor=acting_user(request), pilot=pilot)
        if nieuw:
            messages.success(
                request,
                _("The draft report %(periode)s has been made.")
                % {"periode": rapport.periode_label},
            )
        else:
            messages.info(
                request,
                _("The report %(periode)s already exists; here it is.")
                % {"periode": rapport.periode_label},
            )
        return redirect(rapport)


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
        ctx["form"] = kwargs.get("form") or RapportForm(
            initial={veld: getattr(r, veld) for veld in VERHAAL}
        )
        return ctx


def _detail_met_fouten(request: HttpRequest, rapport: MonitorRapport, form: Any) -> HttpResponse:
    """The report page again with the form and its errors (400), nothing stored."""
    view = RapportDetailView()
    view.setup(request, pk=rapport.pk)
    view.object = rapport
    response = view.render_to_response(view.get_context_data(object=rapport, form=form))
    response.status_code = 400
    return response


class OpslaanView(CapabilityRequiredMixin, View):
    """Save the story and the fields as a draft, without submitting."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rapport = get_for_user_or_404(MonitorRapport, request.user, "change", pk=pk)
        form = RapportForm(request.POST)
        if form.is_valid():
            try:
                bewaar_concept(actor=acting_user(request), rapport=rapport, **form.cleaned_data)
                messages.success(request, _("The draft has been saved; it is not submitted yet."))
                return redirect(rapport)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _detail_met_fouten(request, rapport, form)


class IndienView(CapabilityRequiredMixin, View):
    """Submitting in two steps: the texts are saved and checked, then a confirmation page asks
    to tick the confirmation; only that second POST submits."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rapport = get_for_user_or_404(MonitorRapport, request.user, "change", pk=pk)
        if request.POST.get("stap") == "bevestigen":
            return self._bevestigd(request, rapport)
        form = RapportForm(request.POST)
        if form.is_valid():
            try:
                rapport = bewaar_concept(
                    actor=acting_user(request), rapport=rapport, **form.cleaned_data
                )
                teksten = controleer_indienen(rapport=rapport, teksten=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self._bevestig_pagina(request, rapport, RapportIndienForm(initial=teksten))
        return _detail_met_fouten(request, rapport, form)

    def _bevestigd(self, request: HttpRequest, rapport: MonitorRapport) -> HttpResponse:
        form = RapportIndienForm(request.POST)
        if not form.is_valid():
            if set(form.errors) <= {"bevestig"}:
                return self._bevestig_pagina(request, rapport, form, status=400)
            return _detail_met_fouten(request, rapport, RapportForm(request.POST))
        teksten = {veld: form.cleaned_data[veld] for veld in VERHAAL}
        try:
            dien_in(actor=acting_user(request), rapport=rapport, **teksten)
        except ValidationError as exc:
            fouten = RapportForm(teksten)
            fouten.is_valid()
            add_service_errors(fouten, exc)
            return _detail_met_fouten(request, rapport, fouten)
        messages.success(request, _("The report has been submitted to SBB."))
        return redirect(rapport)

    def _bevestig_pagina(
        self, request: HttpRequest, rapport: MonitorRapport, form: Any, status: int = 200
    ) -> HttpResponse:
        teksten = [(form.fields[veld].label, form[veld].value() or "") for veld in VERHAAL]
        return render(
            request,
            "monitoring/rapport_bevestig.html",
            {"object": rapport, "form": form, "teksten": teksten},
            status=status,
        )


class HeropenView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rapport = get_for_user_or_404(MonitorRapport, request.user, "reopen", pk=pk)
        heropen(actor=acting_user(request), rapport=rapport)
        messages.success(request, _("The report has been reopened for the projectleider."))
        return redirect(rapport)
