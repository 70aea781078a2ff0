"""Leerbanen: the list (filter), recording, changing, closing, and the page of one leerbaan with
the erkenning of its leerbedrijf per crebo."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, ScopedViewMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user

from .. import selectors, services
from ..constants import MatchStatus
from ..forms import LeerbaanFilterForm, LeerbaanForm
from ..models import Leerbaan, Match


def huidige_pilot(request: HttpRequest) -> Any:
    pilot = getattr(request, "pilot", None)
    return pilot if pilot else None


class LeerbaanListView(ScopedViewMixin, ListView):
    """The current pilot's leerbanen (a contact person: their own), filterable."""

    model = Leerbaan
    required_cap = Cap.PILOT_VIEW
    paginate_by = 50
    template_name = "leerbanen/leerbaan_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not selectors.mag_leerbanen_zien(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        qs = (
            super()
            .get_queryset()
            .select_related("organisatie", "subregio", "contactpersoon")
            .prefetch_related("kwalificaties")
            .annotate(bezet=Count("matches", filter=Q(matches__status=MatchStatus.GEACCEPTEERD)))
            .order_by("status", "start_vanaf", "pk")
        )
        pilot = huidige_pilot(self.request)
        self.filter_form = LeerbaanFilterForm(
            self.request.GET if self.request.GET else None,
            pilot=pilot,
            initial={"status": "open"},
        )
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {"status": "open"}
        if not self.request.GET:
            data = {"status": "open"}
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("subregio"):
            qs = qs.filter(subregio=data["subregio"])
        if q := (data.get("q") or "").strip():
            qs = qs.filter(
                Q(titel__icontains=q)
                | Q(organisatie__naam__icontains=q)
                | Q(plaats__icontains=q)
                | Q(kwalificaties__crebo=q)
            ).distinct()
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        pilot = huidige_pilot(self.request)
        user = self.request.user
        ctx["filter_form"] = self.filter_form
        ctx["can_record"] = pilot is not None and roles.has_cap(user, Cap.LEERBAAN_RECORD, pilot.pk)
        ctx["can_match"] = pilot is not None and roles.has_cap(user, Cap.MATCH_PROPOSE, pilot.pk)
        return ctx


class _LeerbaanFormView(CapabilityRequiredMixin, FormView):
    required_cap = Cap.LEERBAAN_RECORD
    http_method_names = ["get", "head", "post"]  # a JSON PUT would be read as an empty form
    template_name = "leerbanen/leerbaan_form.html"
    form_class = LeerbaanForm
    object: Leerbaan | None = None
    pilot: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "pilot": self.pilot}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "object": self.object, "pilot": self.pilot}

    def form_valid(self, form: LeerbaanForm) -> HttpResponse:
        try:
            leerbaan = services.leg_leerbaan_vast(
                actor=acting_user(self.request),
                pilot=self.pilot,
                leerbaan=self.object,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The leerbaan has been changed.")
            if self.object
            else _("The leerbaan has been recorded."),
        )
        return redirect(leerbaan)


class LeerbaanCreateView(_LeerbaanFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.pilot = huidige_pilot(request)
            if self.pilot is None:
                raise Http404
            if not roles.has_cap(request.user, Cap.LEERBAAN_RECORD, self.pilot.pk):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LeerbaanUpdateView(_LeerbaanFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.object = get_for_user_or_404(
                Leerbaan.objects.select_related("pilot"), request.user, "change", pk=kwargs["pk"]
            )
            self.pilot = self.object.pilot
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        lb = self.object
        assert lb is not None
        eigen = {wp.kwalificatie_id for wp in lb.werkprocessen.all()}
        return {
            "organisatie": lb.organisatie_id, "titel": lb.titel, "postcode": lb.postcode,
            "plaats": lb.plaats, "subregio": lb.subregio_id, "uren_per_week": lb.uren_per_week,
            "start_vanaf": lb.start_vanaf, "start_tot": lb.start_tot, "plaatsen": lb.plaatsen,
            "contactpersoon": lb.contactpersoon_id, "toelichting": lb.toelichting,
            "werkprocessen": [wp.pk for wp in lb.werkprocessen.all()],
            # The crebos of the chosen werkprocessen come back with them.
            "kwalificaties": [k for k in lb.kwalificaties.all() if k.pk not in eigen],
        }  # fmt: skip


class LeerbaanDetailView(ScopedViewMixin, DetailView):
    model = Leerbaan
    required_cap = Cap.PILOT_VIEW
    template_name = "leerbanen/leerbaan_detail.html"
    filter_current_pilot = False

    def get_object(self, queryset: Any = None) -> Any:
        return super().get_object(
            Leerbaan.objects.select_related("organisatie", "subregio", "contactpersoon", "pilot")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        lb, user = self.object, self.request.user
        ctx["erkenningen"] = selectors.erkenningen(lb)
        ctx["werkprocessen"] = lb.werkprocessen.select_related("kwalificatie").order_by(
            "kwalificatie__crebo", "code"
        )
        ctx["bezet"] = selectors.bezette_plaatsen(lb)
        ctx["matches"] = (
            Match.objects.for_user(user, "view")
            .filter(leerbaan=lb)
            .select_related("zoekvraag__deelnemer", "voorgesteld_door")
        )
        ctx["can_change"] = Leerbaan.objects.filter(pk=lb.pk).for_user(user, "change").exists()
        return ctx


class LeerbaanSluitenView(CapabilityRequiredMixin, View):
    """POST: close the leerbaan."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        leerbaan = get_for_user_or_404(Leerbaan, request.user, "change", pk=pk)
        try:
            services.sluit_leerbaan(actor=acting_user(request), leerbaan=leerbaan)
            messages.success(request, _("The leerbaan has been closed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(leerbaan)
