"""Intake and advice pages for the mbo-medewerker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from deelnemers.models import Deelnemer
from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user

from . import services
from .forms import AdviesForm, CriteriaForm, IntakePlanForm
from .models import Intake


class DeelnemerIntakeMixin(CapabilityRequiredMixin):
    """Pages on one participant that need the intake.record capability in its pilot."""

    deelnemer: Deelnemer

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.deelnemer = get_for_user_or_404(Deelnemer, request.user, "view", pk=kwargs["pk"])
            if not roles.has_cap(request.user, Cap.INTAKE_RECORD, self.deelnemer.pilot_id):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "deelnemer": self.deelnemer}  # type: ignore[misc]


class PlanIntakeView(DeelnemerIntakeMixin, FormView):
    template_name = "intake/intake_plan.html"
    form_class = IntakePlanForm

    def form_valid(self, form: IntakePlanForm) -> HttpResponse:
        services.plan_intake(
            actor=acting_user(self.request), deelnemer=self.deelnemer, **form.cleaned_data
        )
        messages.success(self.request, _("The intake has been planned."))
        return redirect(self.deelnemer)


class AdviesView(DeelnemerIntakeMixin, FormView):
    template_name = "intake/advies_form.html"
    form_class = AdviesForm

    def _intake(self) -> Intake | None:
        """The latest intake: its startkwalificatie and DUO-check bound the advice."""
        return (
            Intake.objects.for_user(self.request.user, "view")
            .filter(deelnemer=self.deelnemer)
            .first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "intake": self._intake()}

    def form_valid(self, form: AdviesForm) -> HttpResponse:
        intake = self._intake()
        try:
            services.geef_advies(
                actor=acting_user(self.request),
                deelnemer=self.deelnemer,
                intake=intake,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The advice has been recorded."))
        return redirect(self.deelnemer)


class CriteriaView(CapabilityRequiredMixin, FormView):
    template_name = "intake/criteria_form.html"
    form_class = CriteriaForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.intake = get_for_user_or_404(Intake, request.user, "change", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": Intake.objects.for_user(self.request.user, "change").get(pk=self.intake.pk),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        return {**ctx, "intake": self.intake, "deelnemer": self.intake.deelnemer}

    def form_valid(self, form: CriteriaForm) -> HttpResponse:
        try:
            services.leg_criteria_vast(
                actor=acting_user(self.request), intake=self.intake, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The intake has been recorded."))
        return redirect(self.intake.deelnemer)
