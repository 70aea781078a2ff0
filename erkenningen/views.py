"""HTML views of the erkenning register: thin shells around the scoped queryset and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, ScopedViewMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user

from . import services
from .constants import ErkenningStatus
from .forms import ErkenningFilterForm, ErkenningForm, ErkenningWijzigForm
from .models import Erkenning


class ErkenningListView(ScopedViewMixin, ListView):
    """The register, filterable by organisation, crebo, kind and status. With an organisation
    chosen it also says what that organisation is recognised for."""

    model = Erkenning
    required_cap = Cap.PILOT_VIEW
    paginate_by = 50
    template_name = "erkenningen/erkenning_list.html"

    def get_queryset(self) -> Any:
        qs = (
            super()
            .get_queryset()
            .select_related("organisatie", "kwalificatie", "vastgelegd_door", "bevestigd_door")
            .order_by("organisatie__naam", "kwalificatie__crebo", "soort")
        )
        self.filter_form = ErkenningFilterForm(self.request.GET or None, user=self.request.user)
        self.organisatie = None
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["organisatie"]:
                self.organisatie = data["organisatie"]
                qs = qs.filter(organisatie=data["organisatie"])
            if data["q"]:
                q = data["q"].strip()
                qs = qs.filter(Q(kwalificatie__crebo=q) | Q(kwalificatie__naam__icontains=q))
            if data["soort"]:
                qs = qs.filter(soort=data["soort"])
            if data["status"]:
                qs = qs.filter(status=data["status"])
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter_form"] = self.filter_form
        ctx["organisatie"] = self.organisatie
        ctx["can_record"] = services.mag_vastleggen(user)
        ctx["can_confirm"] = services.mag_bevestigen(user)
        if self.organisatie is not None:
            ctx["erkend_voor"] = (
                Erkenning.objects.for_user(user, "view")
                .filter(organisatie=self.organisatie, status=ErkenningStatus.ERKEND)
                .select_related("kwalificatie")
                .order_by("soort", "kwalificatie__crebo")
            )
        return ctx


class ErkenningCreateView(CapabilityRequiredMixin, FormView):
    required_cap = Cap.ERKENNING_RECORD
    template_name = "erkenningen/erkenning_form.html"
    form_class = ErkenningForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for key in ("organisatie", "soort"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial

    def form_valid(self, form: ErkenningForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            erkenning = services.leg_vast(
                actor=acting_user(self.request),
                organisatie=data["organisatie"],
                kwalificatie=data["kwalificatie"],
                soort=data["soort"],
                status=data["status"],
                sinds=data["sinds"],
                bron=data["bron"],
                gecontroleerd_op=data["gecontroleerd_op"],
                contact=data["contact"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The recognition has been recorded."))
        return HttpResponseRedirect(_register_url(erkenning))


class ErkenningUpdateView(CapabilityRequiredMixin, FormView):
    object: Erkenning
    template_name = "erkenningen/erkenning_form.html"
    form_class = ErkenningWijzigForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.object = get_for_user_or_404(
                Erkenning.objects.select_related("organisatie", "kwalificatie"),
                request.user,
                "change",
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        e = self.object
        return {
            "status": e.status,
            "sinds": e.sinds,
            "bron": e.bron,
            "gecontroleerd_op": e.gecontroleerd_op,
            "contact": e.contact,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "object": self.object}

    def form_valid(self, form: ErkenningWijzigForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.leg_vast(
                actor=acting_user(self.request),
                organisatie=self.object.organisatie,
                kwalificatie=self.object.kwalificatie,
                soort=self.object.soort,
                status=data["status"],
                sinds=data["sinds"],
                bron=data["bron"],
                gecontroleerd_op=data["gecontroleerd_op"],
                contact=data["contact"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The recognition has been changed."))
        return HttpResponseRedirect(_register_url(self.object))


class ErkenningBevestigenView(CapabilityRequiredMixin, View):
    """POST only: SBB confirms the recognition as recorded."""

    required_cap = Cap.ERKENNING_CONFIRM
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        erkenning = get_for_user_or_404(Erkenning, request.user, "confirm", pk=pk)
        services.bevestig(actor=acting_user(request), erkenning=erkenning)
        messages.success(request, _("The recognition has been confirmed."))
        return HttpResponseRedirect(_register_url(erkenning))


def _register_url(erkenning: Erkenning) -> str:
    return f"{reverse('erkenningen:list')}?organisatie={erkenning.organisatie_id}"
