"""Agreement pages for the mbo and projectleider (generate, change, send, follow the signing)
and the PDFs. The public signing pages are the `ondertekening` app's."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from ondertekening.models import Ondertekening
from ondertekening.services import opnieuw_versturen
from pilots.tenancy import CapabilityRequiredMixin, ScopedViewMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user
from praktijkleren.watermerk import met_concept_watermerk
from trajecten.models import Traject

from .forms import OvereenkomstForm
from .models import Overeenkomst, OvereenkomstVersie
from .services import genereer_overeenkomsten, verstuur_ter_ondertekening, wijzig_overeenkomst


def _show_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


class _TrajectActionView(CapabilityRequiredMixin, View):
    """POST on a traject the user may change."""

    http_method_names = ["post"]
    success: str = ""

    def act(self, traject: Traject) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        traject = get_for_user_or_404(
            Traject.objects.select_related("deelnemer"), request.user, "change", pk=pk
        )
        try:
            self.act(traject)
            messages.success(request, self.success)
        except ValidationError as exc:
            _show_errors(request, exc)
        return redirect(traject.get_absolute_url() + "#overeenkomsten")


class GenereerView(_TrajectActionView):
    def act(self, traject: Traject) -> Any:
        self.success = _("The agreements have been generated. Check them, then send them.")
        return genereer_overeenkomsten(actor=acting_user(self.request), traject=traject)


class VerstuurView(_TrajectActionView):
    def act(self, traject: Traject) -> Any:
        self.success = _("The agreements have been sent for signing. Every party gets an e-mail.")
        return verstuur_ter_ondertekening(actor=acting_user(self.request), traject=traject)


class OvereenkomstDetailView(ScopedViewMixin, DetailView):
    model = Overeenkomst
    template_name = "overeenkomsten/overeenkomst_detail.html"
    filter_current_pilot = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from pilots import roles
        from pilots.roles import Cap

        ctx = super().get_context_data(**kwargs)
        o = self.object
        ctx["versies"] = (
            o.versies.select_related("created_by")
            .prefetch_related("ondertekeningen__gebeurtenissen")
            .order_by("-nummer")
        )
        ctx["can_change"] = roles.has_cap(
            self.request.user, Cap.DEELNEMER_CHANGE, o.traject.deelnemer.pilot_id
        )
        return ctx


class OvereenkomstWijzigView(CapabilityRequiredMixin, FormView):
    template_name = "overeenkomsten/overeenkomst_form.html"
    form_class = OvereenkomstForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.overeenkomst = get_for_user_or_404(
                Overeenkomst.objects.select_related("traject__deelnemer"),
                request.user,
                "change",
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "overeenkomst": self.overeenkomst}

    def get_initial(self) -> dict[str, Any]:
        return OvereenkomstForm.initial_from(self.overeenkomst)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        versie = self.overeenkomst.huidige_versie
        return {
            **super().get_context_data(**kwargs),
            "overeenkomst": self.overeenkomst,
            "versie": versie,
            "getekend": bool(versie and versie.ondertekeningen.exists()),
        }

    def form_valid(self, form: OvereenkomstForm) -> HttpResponse:
        data = form.cleaned_data
        if data["einddatum"] <= data["startdatum"]:
            form.add_error("einddatum", _("The end date must be after the start date."))
            return self.form_invalid(form)
        try:
            versie = wijzig_overeenkomst(
                actor=acting_user(self.request),
                overeenkomst=self.overeenkomst,
                wijzigingen=form.wijzigingen(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Version %(n)d has been saved. Send the agreements for signing when ready.")
            % {"n": versie.nummer},
        )
        return redirect(self.overeenkomst)


class VersiePdfView(CapabilityRequiredMixin, View):
    """The PDF of a version (`concept`: as sent for signing; `definitief`: with the audit page),
    for whoever may see the traject. Personal data: never served as a public media file."""

    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
        # The final PDF's audit page holds the signers' IP addresses and e-mail addresses: only
        # for those who run the agreements (mbo, projectleider).
        versie = get_for_user_or_404(
            OvereenkomstVersie.objects.select_related("overeenkomst__traject__deelnemer"),
            request.user,
            "change" if kind == "definitief" else "view",
            pk=pk,
        )
        bestand = versie.definitief_pdf if kind == "definitief" else versie.pdf
        if kind not in ("concept", "definitief") or not bestand:
            raise Http404
        # Once the dossier is anonymised, the signed agreement is kept as evidence only: out of
        # reach of every page (docs/privacy.md).
        if versie.overeenkomst.traject.deelnemer.geanonimiseerd_op:
            raise Http404
        naam = f"{versie.overeenkomst.soort}-v{versie.nummer}-{kind}.pdf"
        if versie.ondertekend_op is None:
            # Not signed by all yet: a draft, and it says so on every page. The stored bytes
            # (what the parties sign, by their SHA-256) stay as they are.
            with bestand.open("rb") as f:
                pdf = met_concept_watermerk(f.read())
            return FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=naam)
        return FileResponse(bestand.open("rb"), content_type="application/pdf", filename=naam)


class OpnieuwVersturenView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Changing a signature is changing its traject; only signatures on agreement versions.
        ondertekening = get_for_user_or_404(
            Ondertekening.objects.prefetch_related(
                GenericPrefetch(
                    "document",
                    [OvereenkomstVersie.objects.select_related("overeenkomst__traject__deelnemer")],
                )
            ),
            request.user,
            "change",
            pk=pk,
            document_type=ContentType.objects.get_for_model(OvereenkomstVersie),
        )
        versie = ondertekening.document
        assert isinstance(versie, OvereenkomstVersie)
        overeenkomst = versie.overeenkomst
        try:
            opnieuw_versturen(actor=acting_user(request), ondertekening=ondertekening)
            messages.success(
                request,
                _("A new signing link has been sent to %(email)s.")
                % {"email": ondertekening.email},
            )
        except ValidationError as exc:
            _show_errors(request, exc)
        return redirect(overeenkomst)
