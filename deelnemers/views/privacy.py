"""Privacy pages of a participant's dossier: edit personal data (with history), inzage export
(JSON and PDF) and anonymising on request."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user
from praktijkleren.pdf import render_pdf
from praktijkleren.tweefactor import VerseTweedeFactorMixin

from ..forms import AnonimiseerForm, PersoonsgegevensForm
from ..models import Deelnemer
from ..privacy import (
    anonimiseer,
    inzage,
    inzage_brief,
    leesbare_wijzigingen,
    wijzig_persoonsgegevens,
    wijzigingen,
)


class DeelnemerPrivacyMixin(CapabilityRequiredMixin):
    action = "view"
    cap: str | None = Cap.PRIVACY_LOG
    deelnemer: Deelnemer

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.deelnemer = get_for_user_or_404(
                Deelnemer, request.user, self.action, pk=kwargs["pk"]
            )
            if self.cap and not roles.has_cap(request.user, self.cap, self.deelnemer.pilot_id):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "deelnemer": self.deelnemer}  # type: ignore[misc]


class PersoonsgegevensView(DeelnemerPrivacyMixin, FormView):
    action = "change"
    cap = None
    template_name = "deelnemers/persoonsgegevens_form.html"
    form_class = PersoonsgegevensForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": Deelnemer.objects.for_user(self.request.user, "change").get(
                pk=self.deelnemer.pk
            ),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "wijzigingen": leesbare_wijzigingen(wijzigingen(self.deelnemer)[:50]),
        }

    def form_valid(self, form: PersoonsgegevensForm) -> HttpResponse:
        try:
            wijzig_persoonsgegevens(
                actor=acting_user(self.request), deelnemer=self.deelnemer, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The personal data have been saved."))
        return redirect(self.deelnemer)


class InzageExportView(DeelnemerPrivacyMixin, VerseTweedeFactorMixin, View):
    """Everything held about the participant, as JSON (machine readable, the export's keys) or as
    a PDF letter to the person (labels, local times, only what exists)."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in ("json", "pdf"):
            raise Http404
        vandaag = timezone.localdate()
        stamp = vandaag.isoformat()  # a file name: sorts by date
        if fmt == "json":
            response = HttpResponse(
                json.dumps(inzage(self.deelnemer), ensure_ascii=False, indent=2),
                content_type="application/json",
            )
            response["Content-Disposition"] = f'attachment; filename="inzage-{pk}-{stamp}.json"'
            return response
        _html, pdf = render_pdf(
            "deelnemers/inzage_pdf.html",
            {
                "secties": inzage_brief(self.deelnemer),
                "deelnemer": self.deelnemer,
                "pilot": self.deelnemer.pilot,
                "afzender": request.user,
                "datum": vandaag,
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="inzage-{pk}-{stamp}.pdf"'
        return response


class AnonimiseerView(DeelnemerPrivacyMixin, VerseTweedeFactorMixin, FormView):
    template_name = "deelnemers/anonimiseer_form.html"
    form_class = AnonimiseerForm

    def form_valid(self, form: AnonimiseerForm) -> HttpResponse:
        try:
            anonimiseer(
                actor=acting_user(self.request),
                deelnemer=self.deelnemer,
                reden=form.cleaned_data["reden"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The participant has been anonymised."))
        return redirect(self.deelnemer)


class InzageLogView(CapabilityRequiredMixin, ListView):
    """Who viewed this dossier, and when: for the projectleider."""

    template_name = "deelnemers/inzage_log.html"
    paginate_by = 100

    def get_queryset(self) -> Any:
        self.deelnemer = get_for_user_or_404(
            Deelnemer, self.request.user, "view", pk=self.kwargs["pk"]
        )
        if not roles.has_cap(self.request.user, Cap.PRIVACY_LOG, self.deelnemer.pilot_id):
            raise PermissionDenied
        return self.deelnemer.inzages.select_related("user")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "deelnemer": self.deelnemer}
