"""Trajecten: agree a route at a leerbedrijf with werkprocessen; the recognitions it needs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from deelnemers.models import Deelnemer
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
from trajecten.forms.traject import LeerlijnForm, TrajectForm
from trajecten.models import Traject
from trajecten.pages import traject_page
from trajecten.selectors import uitstroom as uitstroom_selectors
from trajecten.selectors import voortgang as voortgang_selectors
from trajecten.services import (
    maak_leerlijn,
    maak_traject,
    start_traject,
)


class TrajectCreateView(CapabilityRequiredMixin, FormView):
    template_name = "trajecten/traject_form.html"
    form_class = TrajectForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.deelnemer = get_for_user_or_404(Deelnemer, request.user, "change", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "pilot": self.deelnemer.pilot}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "deelnemer": self.deelnemer}

    def form_valid(self, form: TrajectForm) -> HttpResponse:
        data, werkprocessen = form.traject_gegevens()
        try:
            traject = maak_traject(
                actor=acting_user(self.request),
                deelnemer=self.deelnemer,
                werkprocessen=werkprocessen,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The traject has been agreed."))
        return redirect(traject)


class TrajectDetailView(ScopedViewMixin, DetailView):
    model = Traject
    template_name = "trajecten/traject_detail.html"
    filter_current_pilot = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        t, user = self.object, self.request.user
        pilot_id = t.deelnemer.pilot_id
        ctx["erkenningen"] = bevindingen = t.erkenning_bevindingen()
        ctx["erkenning_blokkeert"] = any(not b.in_orde for b in bevindingen)
        ctx["erkenning_aangevraagd"] = any(b.aangevraagd for b in bevindingen)
        ctx["can_change"] = roles.has_cap(user, Cap.DEELNEMER_CHANGE, pilot_id)
        ctx.update(voortgang_selectors.traject_context(t, user))
        ctx.update(uitstroom_selectors.traject_context(t, user))
        ctx.update(traject_page.context(traject=t, user=user))
        return ctx


class LeerlijnListView(CapabilityRequiredMixin, FormView):
    """The pilot's leerlijnen, and a form to add one (mbo-medewerker or projectleider)."""

    template_name = "trajecten/leerlijnen.html"
    form_class = LeerlijnForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.pilot = get_for_user_or_404(Pilot, request.user, "view", code=kwargs["code"])
            self.can_add = roles.has_cap(request.user, Cap.DEELNEMER_CHANGE, self.pilot.pk)
            # Only looking is for everyone in the pilot; anything else adds a leerlijn.
            if request.method not in ("GET", "HEAD", "OPTIONS") and not self.can_add:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        leerlijnen = self.pilot.leerlijnen.prefetch_related("werkprocessen__kwalificatie")
        ctx = {"pilot": self.pilot, "leerlijnen": leerlijnen, "can_add": self.can_add}
        return {**super().get_context_data(**kwargs), **ctx}

    def form_valid(self, form: LeerlijnForm) -> HttpResponse:
        try:
            maak_leerlijn(actor=acting_user(self.request), pilot=self.pilot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The leerlijn has been saved."))
        return redirect("trajecten:leerlijnen", code=self.pilot.code)


class TrajectStartView(CapabilityRequiredMixin, View):
    """POST: start a planned traject (OOK and POK signed by all parties)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        traject = get_for_user_or_404(Traject, request.user, "change", pk=pk)
        try:
            start_traject(actor=acting_user(request), traject=traject)
            messages.success(request, _("The traject has started."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(traject)
