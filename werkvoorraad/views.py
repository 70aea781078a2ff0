"""Start page per role, composed from the selectors of the apps below."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from deelnemers.models import Deelnemer
from monitoring.selectors import landelijk_overzicht, pilot_kengetallen
from ondertekening.constants import MAX_CODE_POGINGEN
from ondertekening.models import Ondertekening
from ondertekening.services import opnieuw_versturen
from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.http import acting_user

from .context_processors import te_doen_van


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        pilot = self.request.pilot  # type: ignore[attr-defined]
        ctx["te_doen"] = te_doen_van(self.request)
        if pilot is not None:
            ctx["kengetallen"] = pilot_kengetallen(pilot=pilot)
            ctx["show_pilot_figures"] = roles.has_cap(user, Cap.DEELNEMER_VIEW_ALL, pilot.pk) or (
                roles.has_national(user, Cap.COUNTS_NATIONAL)
            )
            ctx["can_refer"] = roles.has_cap(user, Cap.DEELNEMER_REFER, pilot.pk)
            ctx["my_deelnemers"] = (
                Deelnemer.objects.for_user(user, "view")
                .filter(pilot=pilot)
                .order_by("-aangemeld_op")[:10]
            )
        if roles.has_national(user, Cap.COUNTS_NATIONAL):
            ctx["landelijk"] = landelijk_overzicht()
        return ctx


class OpnieuwVersturenView(CapabilityRequiredMixin, View):
    """ "Opnieuw versturen" from the "Te doen" list: a fresh signing link for a signature, by the
    signing service. The mbo (who may change the traject) sends it to any party; a signatory
    with an account asks it for their own signature (it goes to the address on file)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        qs = Ondertekening.objects.select_related("traject")
        try:
            ondertekening = get_for_user_or_404(qs, request.user, "change", pk=pk)
        except PermissionDenied:
            eigen = qs.filter(email__iexact=request.user.email)  # type: ignore[union-attr]
            ondertekening = get_for_user_or_404(eigen, request.user, "view", pk=pk)
            if ondertekening.code_pogingen >= MAX_CODE_POGINGEN:
                # Blocked after wrong codes: only the mbo may lift that (a new link resets it).
                messages.error(
                    request,
                    _(
                        "Too many wrong codes were entered. Ask the mbo-instelling to send you "
                        "a new link."
                    ),
                )
                return redirect("home")
        try:
            opnieuw_versturen(actor=acting_user(request), ondertekening=ondertekening)
            messages.success(
                request,
                _("A new signing link has been sent to %(email)s.")
                % {"email": ondertekening.email},
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("home")
