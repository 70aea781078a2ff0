"""HTML views: thin shells around scoped querysets (reads) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, ScopedViewMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user
from praktijkleren.tweefactor import VerseTweedeFactorMixin

from . import services
from .forms import (
    MembershipForm,
    OrganisatieCreateForm,
    OrganisatieFilterForm,
    OrganisatieForm,
    PartnerForm,
    PilotForm,
    SubregioForm,
)
from .middleware import SESSION_PILOT_KEY
from .models import Membership, Organisatie, Partner, Pilot, Subregio
from .pages import pilot_page


class PilotListView(ScopedViewMixin, ListView):
    model = Pilot
    filter_current_pilot = False
    template_name = "pilots/pilot_list.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .annotate(
                n_partners=Count("partners__organisatie", distinct=True),
                n_deelnemers=Count("deelnemers", distinct=True),
            )
        )


class PilotDetailView(ScopedViewMixin, DetailView):
    model = Pilot
    slug_field = slug_url_kwarg = "code"
    template_name = "pilots/pilot_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        pilot = self.object
        user = self.request.user
        ctx["partners"] = pilot.partners.select_related("organisatie", "subregio")
        ctx["subregios"] = pilot.subregios.all()
        ctx.update(pilot_page.context(pilot=pilot, user=user))
        ctx["can_change"] = Pilot.objects.filter(pk=pilot.pk).for_user(user, "change").exists()
        ctx["can_see_members"] = roles.has_cap(user, Cap.MEMBERS_VIEW, pilot.pk)
        ctx["can_see_trajecten"] = roles.has_cap(user, Cap.DEELNEMER_CHANGE, pilot.pk)
        ctx["can_see_national"] = roles.has_national(user, Cap.COUNTS_NATIONAL)
        return ctx


class PilotObjectMixin(CapabilityRequiredMixin):
    """Views under /pilots/<code>/...: resolve the pilot with the required action."""

    pilot_action = "change"
    pilot: Pilot

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.pilot = get_for_user_or_404(
                Pilot, request.user, self.pilot_action, code=kwargs["code"]
            )
        return super().dispatch(request, *args, **kwargs)


class PilotUpdateView(PilotObjectMixin, FormView):
    template_name = "pilots/pilot_form.html"
    form_class = PilotForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": Pilot.objects.for_user(self.request.user, "change").get(pk=self.pilot.pk),
        }

    def form_valid(self, form: PilotForm) -> HttpResponse:
        try:
            services.wijzig_pilot(
                actor=acting_user(self.request), pilot=self.pilot, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The pilot has been saved."))
        return redirect(self.pilot)


class PartnerCreateView(PilotObjectMixin, FormView):
    template_name = "pilots/partner_form.html"
    form_class = PartnerForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "pilot": self.pilot, "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "pilot": self.pilot}

    def form_valid(self, form: PartnerForm) -> HttpResponse:
        try:
            services.voeg_partner_toe(
                actor=acting_user(self.request), pilot=self.pilot, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The partner has been added."))
        return redirect(self.pilot)


class PartnerDeleteView(PilotObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str, pk: int) -> HttpResponse:
        partner = get_for_user_or_404(Partner, request.user, "change", pk=pk, pilot=self.pilot)
        services.verwijder_partner(actor=acting_user(request), partner=partner)
        messages.success(request, _("The partner has been removed."))
        return redirect(self.pilot)


class SubregioCreateView(PilotObjectMixin, FormView):
    template_name = "pilots/subregio_form.html"
    form_class = SubregioForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "pilot": self.pilot}

    def form_valid(self, form: SubregioForm) -> HttpResponse:
        try:
            services.voeg_subregio_toe(
                actor=acting_user(self.request), pilot=self.pilot, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The subregio has been added."))
        return redirect(self.pilot)


class SubregioDeleteView(PilotObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str, pk: int) -> HttpResponse:
        subregio = get_for_user_or_404(Subregio, request.user, "change", pk=pk, pilot=self.pilot)
        services.verwijder_subregio(actor=acting_user(request), subregio=subregio)
        messages.success(request, _("The subregio has been removed."))
        return redirect(self.pilot)


class MembershipListView(PilotObjectMixin, ListView):
    pilot_action = "view"
    template_name = "pilots/membership_list.html"

    def get_queryset(self) -> Any:
        if not roles.has_cap(self.request.user, Cap.MEMBERS_VIEW, self.pilot.pk):
            raise PermissionDenied
        return (
            Membership.objects.for_user(self.request.user, "view")
            .filter(pilot=self.pilot, active=True)
            .select_related("user", "organisatie")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        can_change = roles.has_cap(self.request.user, Cap.PILOT_CHANGE, self.pilot.pk)
        return {**super().get_context_data(**kwargs), "pilot": self.pilot, "can_change": can_change}


class MembershipCreateView(PilotObjectMixin, VerseTweedeFactorMixin, FormView):
    template_name = "pilots/membership_form.html"
    form_class = MembershipForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "pilot": self.pilot}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "pilot": self.pilot}

    def form_valid(self, form: MembershipForm) -> HttpResponse:
        try:
            services.voeg_lid_toe(
                actor=acting_user(self.request),
                pilot=self.pilot,
                invite_url=self._invite_url,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The member has been added."))
        return redirect("pilots:membership-list", code=self.pilot.code)

    def _invite_url(self, user: Any) -> str:
        from django.contrib.auth.tokens import default_token_generator
        from django.urls import reverse
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        return self.request.build_absolute_uri(path)


class MembershipEndView(PilotObjectMixin, VerseTweedeFactorMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str, pk: int) -> HttpResponse:
        membership = get_for_user_or_404(
            Membership, request.user, "change", pk=pk, pilot=self.pilot, active=True
        )
        try:
            services.beeindig_lidmaatschap(actor=acting_user(request), membership=membership)
            messages.success(request, _("The role has been ended."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("pilots:membership-list", code=self.pilot.code)


class OrganisatieListView(ScopedViewMixin, ListView):
    model = Organisatie
    filter_current_pilot = False
    paginate_by = 50
    template_name = "pilots/organisatie_list.html"

    def get_queryset(self) -> Any:
        qs = super().get_queryset().order_by("naam", "pk")
        self.filter_form = OrganisatieFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            q = self.filter_form.cleaned_data["q"]
            if q:
                qs = qs.filter(
                    Q(naam__icontains=q)
                    | Q(plaats__icontains=q)
                    | Q(leerbedrijf_id=q)
                    | Q(brin__iexact=q)
                )
            if self.filter_form.cleaned_data["soort"]:
                qs = qs.filter(soort=self.filter_form.cleaned_data["soort"])
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["can_create"] = roles.has_cap(self.request.user, Cap.ORGANISATIE_CHANGE)
        return ctx


class OrganisatieDetailView(ScopedViewMixin, DetailView):
    model = Organisatie
    template_name = "pilots/organisatie_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        # Only partnerships in pilots the user may see; other pilots stay invisible.
        ctx["partnerships"] = (
            Partner.objects.for_user(user, "view")
            .filter(organisatie=self.object)
            .select_related("pilot")
        )
        ctx["can_change"] = (
            Organisatie.objects.filter(pk=self.object.pk).for_user(user, "change").exists()
        )
        return ctx


class OrganisatieCreateView(CapabilityRequiredMixin, FormView):
    required_cap = Cap.ORGANISATIE_CHANGE
    template_name = "pilots/organisatie_form.html"
    form_class = OrganisatieCreateForm

    def form_valid(self, form: OrganisatieCreateForm) -> HttpResponse:
        pilot = self.request.pilot  # type: ignore[attr-defined]
        rol = form.cleaned_data.pop("partner_rol") or None
        may_add = pilot is not None and roles.has_cap(self.request.user, Cap.PILOT_CHANGE, pilot.pk)
        try:
            org = services.maak_organisatie(
                actor=acting_user(self.request),
                data=form.cleaned_data,
                pilot=pilot if (rol and may_add) else None,
                rol=rol,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The organisation has been added."))
        return HttpResponseRedirect(org.get_absolute_url())


class OrganisatieUpdateView(CapabilityRequiredMixin, FormView):
    object: Organisatie
    template_name = "pilots/organisatie_form.html"
    form_class = OrganisatieForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.object = get_for_user_or_404(Organisatie, request.user, "change", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": Organisatie.objects.for_user(self.request.user, "change").get(
                pk=self.object.pk
            ),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "object": self.object}

    def form_valid(self, form: OrganisatieForm) -> HttpResponse:
        try:
            services.wijzig_organisatie(
                actor=acting_user(self.request), organisatie=self.object, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The organisation has been saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class SwitchPilotView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        pilot = get_for_user_or_404(Pilot, request.user, "view", pk=request.POST.get("pilot") or 0)
        request.session[SESSION_PILOT_KEY] = pilot.pk
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = "/"
        return redirect(target)
