"""Pages for preparing, signing and issuing verklaringen (mbo, projectleider, examencommissie)
and the stacking overview per participant. The register and the public verification pages are in
`register.py` and `verificatie.py` beside this module."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, View

from deelnemers.models import Deelnemer
from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, ScopedViewMixin, get_for_user_or_404
from praktijkleren.http import acting_user
from praktijkleren.tweefactor import VerseTweedeFactorMixin
from trajecten.models import Traject

from ..constants import RegistratieStatus
from ..forms import MboVerklaringForm, UitgifteForm, examen_formset
from ..models import MboVerklaring, Praktijkverklaring
from ..selectors import stapeling
from ..services import (
    bereid_praktijkverklaring_voor,
    geef_uit,
    maak_mbo_verklaring,
    trek_praktijkverklaring_in,
    verstuur_naar_praktijkopleider,
)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


class PraktijkverklaringMaakView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        traject = get_for_user_or_404(Traject, request.user, "change", pk=pk)
        try:
            pv = bereid_praktijkverklaring_voor(actor=acting_user(request), traject=traject)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(traject.get_absolute_url() + "#verklaringen")
        messages.success(
            request,
            _(
                "The praktijkverklaring has been prepared. Check it, then send it to the "
                "praktijkopleider."
            ),
        )
        return redirect(pv)


class PraktijkverklaringDetailView(ScopedViewMixin, DetailView):
    model = Praktijkverklaring
    template_name = "verklaringen/praktijkverklaring_detail.html"
    filter_current_pilot = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        pv, user = self.object, self.request.user
        pilot_id = pv.traject.deelnemer.pilot_id
        ctx["can_change"] = roles.has_cap(user, Cap.DEELNEMER_CHANGE, pilot_id)
        ctx["mbo_verklaringen"] = pv.mbo_verklaringen.select_related("registratie")
        ctx["form"] = MboVerklaringForm(
            deelnemer=pv.traject.deelnemer, user=self.request.user, praktijkverklaring=pv
        )
        ctx["examen_formset"] = examen_formset()
        return ctx


class _PraktijkverklaringActie(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def get_pv(self, pk: int) -> Praktijkverklaring:
        return get_for_user_or_404(
            Praktijkverklaring.objects.select_related("traject"), self.request.user, "change", pk=pk
        )


class PraktijkverklaringVerstuurView(_PraktijkverklaringActie):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pv = self.get_pv(pk)
        try:
            verstuur_naar_praktijkopleider(actor=acting_user(request), praktijkverklaring=pv)
            messages.success(request, _("The praktijkopleider has been sent a signing link."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(pv)


class PraktijkverklaringIntrekkenView(VerseTweedeFactorMixin, _PraktijkverklaringActie):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pv = self.get_pv(pk)
        try:
            trek_praktijkverklaring_in(actor=acting_user(request), praktijkverklaring=pv)
            messages.success(request, _("The praktijkverklaring has been withdrawn."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(pv)


class MboVerklaringMaakView(_PraktijkverklaringActie):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pv = self.get_pv(pk)
        form = MboVerklaringForm(
            request.POST, deelnemer=pv.traject.deelnemer, user=request.user, praktijkverklaring=pv
        )
        formset = examen_formset(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            for nummer, errors in enumerate(formset.errors, start=1):
                for veld, fouten in errors.items():
                    label = formset.form.base_fields[veld].label
                    for error in fouten:
                        tekst = f"{label}: {error}"
                        bericht = _("Exam result %(n)d: %(tekst)s") % {"n": nummer, "tekst": tekst}
                        messages.error(request, bericht)
            for error in formset.non_form_errors():
                messages.error(request, str(error))
            return redirect(pv)
        try:
            mv = maak_mbo_verklaring(
                actor=acting_user(request),
                praktijkverklaring=pv,
                overige_resultaten=form.cleaned_data["overige_resultaten"],
                examenresultaten=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                brancheorganisaties=form.brancheorganisaties(),
                vervangt=form.cleaned_data["vervangt"],
            )
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(pv)
        messages.success(
            request, _("The mbo-verklaring is ready for the examencommissie to issue.")
        )
        return redirect(mv)


class MboVerklaringDetailView(ScopedViewMixin, DetailView):
    model = MboVerklaring
    template_name = "verklaringen/mbo_verklaring_detail.html"
    filter_current_pilot = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from ..services import verificatie_link

        ctx = super().get_context_data(**kwargs)
        mv = self.object
        ctx["can_issue"] = (
            mv.registratie_id is None
            and MboVerklaring.objects.filter(pk=mv.pk).for_user(self.request.user, "issue").exists()
        )
        if mv.registratie_id:
            ctx["verificatie_link"] = verificatie_link(mv.registratie.verificatiecode)
        ctx["examenresultaten"] = list(mv.examenresultaten.all())
        if ctx["can_issue"]:
            user = self.request.user
            ctx["uitgifte_form"] = UitgifteForm(
                initial={
                    "ondertekenaar_naam": getattr(user, "get_full_name", lambda: "")(),
                    "ondertekenaar_functie": _("member of the examencommissie"),
                }
            )
        return ctx


class MboVerklaringUitgifteView(CapabilityRequiredMixin, VerseTweedeFactorMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mv = get_for_user_or_404(MboVerklaring, request.user, "issue", pk=pk)
        form = UitgifteForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect(mv)
        try:
            registratie = geef_uit(
                actor=acting_user(request), mbo_verklaring=mv, **form.cleaned_data
            )
            messages.success(
                request,
                _(
                    "Issued as %(nummer)s. The sealed PDF is being made and e-mailed to the "
                    "participant."
                )
                % {"nummer": registratie.nummer},
            )
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(mv)


class _PdfView(CapabilityRequiredMixin, View):
    model: type[Praktijkverklaring] | type[MboVerklaring]

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        obj: Any = get_for_user_or_404(self.model, request.user, "view", pk=pk)
        # A signed praktijkverklaring: the signed version (with the signature page).
        pdf = getattr(obj, "pdf_ondertekend", None) or obj.pdf
        if not pdf:
            raise Http404
        return FileResponse(pdf.open("rb"), content_type="application/pdf",
                            filename=pdf.name.rsplit("/", 1)[-1])  # fmt: skip


class PraktijkverklaringPdfView(_PdfView):
    model = Praktijkverklaring


class MboVerklaringPdfView(_PdfView):
    model = MboVerklaring


class StapelingView(CapabilityRequiredMixin, DetailView):
    """A participant's verklaringen stacked: what is mastered, and per kwalificatie what is left."""

    model = Deelnemer
    template_name = "verklaringen/stapeling.html"

    def get_object(self, queryset: Any = None) -> Deelnemer:
        return get_for_user_or_404(Deelnemer, self.request.user, "view", pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from ..services import verificatie_link

        ctx = super().get_context_data(**kwargs)
        ctx.update(stapeling(self.object))
        ctx["links"] = {r.pk: verificatie_link(r.verificatiecode) for r in ctx["registraties"]}
        ctx["GELDIG"] = RegistratieStatus.GELDIG
        return ctx
