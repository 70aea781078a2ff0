"""Signing without the online link, for the mbo-medewerker (logged in, may change the traject):
the signer signs in person on this device, or the mbo uploads a scanned paper signature. Each
page covers every open document waiting for that person on the traject."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user, client_ip

from . import ter_plekke
from .adapters import in_volgorde, met_document
from .forms import PapierForm, TerPlekkeForm
from .kern import blokkades, stuk
from .models import Ondertekening


class _PersoonView(CapabilityRequiredMixin, View):
    """Loads the signature from the URL for a user who may change its traject."""

    template_name = ""
    ondertekening: Ondertekening

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.ondertekening = get_for_user_or_404(
                Ondertekening.objects.select_related("traject__deelnemer").prefetch_related(
                    met_document()
                ),
                request.user,
                "change",
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def terug(self) -> str:
        return self.ondertekening.traject.get_absolute_url() + "#overeenkomsten"

    def klaar(self, bericht: str, getekend: list[Ondertekening]) -> HttpResponse:
        """Back to the traject, saying who signed which documents."""
        documenten = ", ".join(stuk(o).kort for o in getekend)
        messages.success(
            self.request, bericht % {"naam": self.ondertekening.naam, "documenten": documenten}
        )
        return redirect(self.terug())

    def rijen(self) -> list[Ondertekening]:
        return ter_plekke.open_van_persoon(self.ondertekening)

    def page(self, form: Any, status: int = 200) -> HttpResponse:
        rijen = self.rijen()
        context = {
            "o": self.ondertekening,
            "stukken": in_volgorde([{"o": r, "stuk": stuk(r)} for r in rijen]),
            "blokkades": blokkades(rijen),
            "form": form,
            "terug": self.terug(),
        }
        return render(self.request, self.template_name, context, status=status)

    def niets_open(self) -> HttpResponse:
        messages.info(self.request, _("Nothing is waiting to be signed by this person."))
        return redirect(self.terug())


@method_decorator(never_cache, name="dispatch")
class TerPlekkeView(_PersoonView):
    template_name = "ondertekening/ter_plekke.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.rijen():
            return self.niets_open()
        return self.page(TerPlekkeForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = TerPlekkeForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        try:
            getekend = ter_plekke.teken_ter_plekke(
                actor=acting_user(request),
                ondertekening=self.ondertekening,
                naam=data["naam"],
                akkoord=data["akkoord"],
                aanwezig=data["aanwezig"],
                id_gecontroleerd=data["id_gecontroleerd"],
                id_document=data["id_document"],
                ip=client_ip(request),
                ua=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.page(form, status=400)
        return self.klaar(_("%(naam)s signed %(documenten)s in person."), getekend)


@method_decorator(never_cache, name="dispatch")
class PapierView(_PersoonView):
    template_name = "ondertekening/papier.html"

    def form(self, data: Any = None, files: Any = None) -> PapierForm:
        rijen = self.rijen()
        titels = [f"{s.titel} ({s.nummer})" for s in map(stuk, rijen)]
        return PapierForm(
            data,
            files,
            keuzes=[(r.pk, t) for r, t in zip(rijen, titels, strict=True)],
            verklaring=_(
                "I declare that this scan is the signature that %(naam)s put on paper on the "
                "documents ticked above, on the date given above."
            )
            % {"naam": self.ondertekening.naam},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.rijen():
            return self.niets_open()
        return self.page(self.form())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        try:
            getekend = ter_plekke.registreer_papier(
                actor=acting_user(request),
                ondertekening=self.ondertekening,
                kies=data["documenten"],
                scan=data["scan"],
                datum=data["datum"],
                verklaard=data["verklaring"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.page(form, status=400)
        return self.klaar(
            _("The paper signature of %(naam)s on %(documenten)s has been recorded."), getekend
        )
