from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from deelnemers.models import Deelnemer
from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user

from ..aanmelding import aanmelden, wijzig_status
from ..forms import AanmeldForm, StatusForm


class AanmeldView(CapabilityRequiredMixin, FormView):
    """Refer a candidate to the current pilot: short, and usable on a phone."""

    template_name = "deelnemers/aanmelden.html"
    form_class = AanmeldForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # request.pilot is lazy: for a user without a membership it wraps None (not `is None`).
        pilot_id = getattr(getattr(request, "pilot", None), "pk", None)
        if request.user.is_authenticated and (
            pilot_id is None or not roles.has_cap(request.user, Cap.DEELNEMER_REFER, pilot_id)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: AanmeldForm) -> HttpResponse:
        try:
            pilot = self.request.pilot  # type: ignore[attr-defined]
            deelnemer = aanmelden(actor=acting_user(self.request), pilot=pilot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "%(naam)s has been referred. The mbo will plan an intake; "
                "you can follow the status here."
            )
            % {"naam": deelnemer},
        )
        return redirect(deelnemer)


class StatusView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        deelnemer = get_for_user_or_404(Deelnemer, request.user, "change", pk=pk)
        form = StatusForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            wijzig_status(actor=acting_user(request), deelnemer=deelnemer, **form.cleaned_data)
            messages.success(request, _("The status has been changed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(deelnemer)
