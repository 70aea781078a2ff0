"""Sharing a verklaring: the participant's links (with when each was used), making one and
revoking one; and the public page a shared link opens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from praktijkleren.forms import add_service_errors
from praktijkleren.http import ratelimit_key
from praktijkleren.mail import site_url
from verklaringen.ratelimit import is_beperkt
from verklaringen.verificatie import CODE_RATE, toon_uitkomst

from .. import delen, laden
from ..forms import DeellinkForm
from .basis import PortaalView, naar


class DelenView(PortaalView):
    def _form(self, data: object = None) -> DeellinkForm:
        keuzes = [
            (r.pk, f"{r.nummer} · {r.instelling_naam} · {r.uitgegeven_op:%d-%m-%Y}")
            for r in laden.registraties(self.deelnemer)
        ]
        return DeellinkForm(
            data, keuzes=keuzes, initial={"verloopt_op": delen.standaard_einddatum()}
        )

    def _pagina(
        self, request: HttpRequest, form: DeellinkForm, status: int = 200, **extra: object
    ) -> HttpResponse:
        links = list(laden.deellinks(self.deelnemer))
        for link in links:
            link.werkt_nog = delen.werkt(link)  # type: ignore[attr-defined]
        context = self.context(form=form, links=links, **extra)
        return render(request, "portaal/delen.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._pagina(request, self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self._pagina(request, form, status=400)
        try:
            registratie = laden.registratie(self.deelnemer, form.cleaned_data["registratie"])
            link, token = delen.maak_deellink(
                deelnemer=self.deelnemer,
                registratie=registratie,
                verloopt_op=form.cleaned_data["verloopt_op"],
                omschrijving=form.cleaned_data["omschrijving"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._pagina(request, form, status=400)
        # The link is shown once, now: only its hash is kept.
        url = site_url(reverse("portaal-gedeeld", args=[token]))
        return self._pagina(request, self._form(), nieuw=link, nieuw_url=url)


class DeellinkIntrekkenView(PortaalView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        link = laden.deellink(self.deelnemer, pk)
        delen.trek_deellink_in(deelnemer=self.deelnemer, deellink=link)
        messages.success(request, _("The link has been stopped. It no longer works."))
        return naar("portaal-delen")


@method_decorator(never_cache, name="dispatch")
class GedeeldView(View):
    """What a shared link opens: the public verification page of that verklaring. Rate limited
    per visitor like the verification pages; each use is logged (the time only)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        if is_beperkt(request, group="portaal-gedeeld", key=ratelimit_key, rate=CODE_RATE):
            return _openbaar(render(request, "verklaringen/verificatie_te_vaak.html", status=429))
        try:
            registratie = delen.open_deellink(token)
        except delen.DeellinkOngeldig as exc:
            return _openbaar(
                render(
                    request,
                    "portaal/gedeeld_ongeldig.html",
                    {"reden": exc.reden},
                    status=exc.status,
                )
            )
        return toon_uitkomst(request, registratie)


def _openbaar(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response
