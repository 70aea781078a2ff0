"""The end of a traject: close it, record the outflow, answer a follow-up, and the pilot's
overview of running trajecten. Thin shells around trajecten/uitstroom.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from pilots import roles
from pilots.models import Pilot
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user
from trajecten.forms.uitstroom import AfsluitForm, NametingForm, UitstroomForm
from trajecten.models import Nameting, Traject, Uitstroom
from trajecten.selectors import uitstroom as uitstroom_selectors
from trajecten.uitstroom import (
    AFGESLOTEN,
    OPEN,
    beantwoord_nameting,
    leg_uitstroom_vast,
    sluit_traject,
)


class TrajectChangeMixin(CapabilityRequiredMixin):
    """Resolve the traject for "change": another pilot's is 404, too little role 403."""

    traject: Traject

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.traject = get_for_user_or_404(
                Traject.objects.select_related("deelnemer"), request.user, "change", pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "traject": self.traject}  # type: ignore[misc]


class AfsluitenView(TrajectChangeMixin, FormView):
    """Close a planned or running traject: completed, or stopped early with a reason."""

    template_name = "trajecten/uitstroom_afsluiten.html"
    form_class = AfsluitForm

    def get_initial(self) -> dict[str, Any]:
        return {"einddatum": timezone.localdate()}

    def form_valid(self, form: AfsluitForm) -> HttpResponse:
        try:
            sluit_traject(
                actor=acting_user(self.request), traject=self.traject, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The traject has been closed. Record the outflow next."))
        return redirect(self.traject.get_absolute_url() + "#afsluiting")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["kan_afsluiten"] = self.traject.status in OPEN
        return ctx


class UitstroomView(TrajectChangeMixin, FormView):
    """Record (or correct) where the participant went after the traject ended."""

    template_name = "trajecten/uitstroom_form.html"
    form_class = UitstroomForm

    def get_initial(self) -> dict[str, Any]:
        bestaand = (
            Uitstroom.objects.for_user(self.request.user, "view")
            .filter(traject=self.traject)
            .first()
        )
        if bestaand is not None:
            return {
                "soort": bestaand.soort,
                "datum": bestaand.datum,
                "toelichting": bestaand.toelichting,
                "behaald": bestaand.behaald,
                "behaald_crebo": bestaand.behaald_crebo,
            }
        return {"datum": self.traject.einddatum}

    def form_valid(self, form: UitstroomForm) -> HttpResponse:
        try:
            leg_uitstroom_vast(
                actor=acting_user(self.request), traject=self.traject, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The outflow has been recorded."))
        return redirect(self.traject.get_absolute_url() + "#afsluiting")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["beeindigd"] = self.traject.status in AFGESLOTEN
        return ctx


class NametingView(CapabilityRequiredMixin, FormView):
    """The page the e-mail links to: the person asked (or the mbo/projectleider) answers what the
    participant's situation is now."""

    template_name = "trajecten/uitstroom_nameting.html"
    form_class = NametingForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            nametingen = Nameting.objects.select_related(
                "traject__deelnemer", "traject__leerbedrijf", "beantwoord_door"
            )
            self.nameting = get_for_user_or_404(nametingen, request.user, "change", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"situatie": self.nameting.situatie, "toelichting": self.nameting.toelichting}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        traject = self.nameting.traject
        ctx["nameting"] = self.nameting
        ctx["traject"] = traject
        ctx["uitstroom"] = (
            Uitstroom.objects.for_user(self.request.user, "view").filter(traject=traject).first()
        )
        ctx["kan_traject_zien"] = (
            Traject.objects.filter(pk=traject.pk).for_user(self.request.user, "view").exists()
        )
        return ctx

    def form_valid(self, form: NametingForm) -> HttpResponse:
        try:
            beantwoord_nameting(
                actor=acting_user(self.request), nameting=self.nameting, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: the answer has been saved."))
        return redirect("trajecten:nameting", pk=self.nameting.pk)


class TrajectOverzichtView(CapabilityRequiredMixin, TemplateView):
    """All running trajecten of a pilot with weeks left and progress: for the projectleider and
    the mbo (and the beheerder)."""

    template_name = "trajecten/uitstroom_overzicht.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.pilot = get_for_user_or_404(Pilot, request.user, "view", code=kwargs["code"])
            if not roles.has_cap(request.user, Cap.DEELNEMER_CHANGE, self.pilot.pk):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = list(uitstroom_selectors.lopende_trajecten(self.pilot, self.request.user))
        for t in rows:
            t.weken_over = uitstroom_selectors.weken(t.resterend)  # type: ignore[attr-defined]
        ctx = {"pilot": self.pilot, "trajecten": rows, "vandaag": timezone.localdate()}
        return {**super().get_context_data(**kwargs), **ctx}
