"""Logging in: the e-mail address, then the personal link with its code (portaal.services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from ondertekening.forms import CodeForm
from praktijkleren.http import ratelimit_key
from verklaringen.ratelimit import is_beperkt

from .. import laden, services, sessie
from ..forms import EmailForm
from .basis import naar

# Like password reset: a few links per address, and a budget per client address (an office or
# school shares one); the link page's codes are limited per link by the service as well.
PER_ADRES = "3/h"
PER_IP = "20/h"
LINK_PER_IP = "30/m"


def _masker(email: str) -> str:
    naam, _at, domein = email.partition("@")
    return f"{naam[:1]}***@{domein}"


def _te_vaak(request: HttpRequest, form: EmailForm) -> HttpResponse:
    form.add_error(
        None,
        _("There have been too many requests from here or for this e-mail address. "
          "No e-mail has been sent. Try again in an hour."),
    )  # fmt: skip
    return render(request, "portaal/inloggen.html", {"form": form}, status=429)


@method_decorator(never_cache, name="dispatch")
class InloggenView(View):
    """The participant enters their e-mail address. The answer is the same whether or not we
    know it: nobody learns from this page who takes part."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if laden.deelnemer(request) is not None:
            return naar("portaal-dossier")
        return render(request, "portaal/inloggen.html", {"form": EmailForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EmailForm(request.POST)
        if not form.is_valid():
            return render(request, "portaal/inloggen.html", {"form": form}, status=400)
        email = form.cleaned_data["email"].strip().lower()
        per_adres = is_beperkt(
            request, group="portaal-inloggen-adres", key=lambda _g, _r: email, rate=PER_ADRES,
            method="POST",
        )  # fmt: skip
        per_ip = is_beperkt(
            request, group="portaal-inloggen-ip", key=ratelimit_key, rate=PER_IP, method="POST"
        )
        if per_adres or per_ip:
            return _te_vaak(request, form)
        services.vraag_inloglink(email=email)
        return render(request, "portaal/inloggen_verstuurd.html", {"email": email})


@method_decorator(never_cache, name="dispatch")
class InlogLinkView(View):
    """The personal link: ask for a code, then enter it."""

    def _pagina(
        self, request: HttpRequest, verzoek: object, form: CodeForm | None = None, status: int = 200
    ) -> HttpResponse:
        context = {
            "verzoek": verzoek,
            "email_masker": _masker(verzoek.deelnemer.email),  # type: ignore[attr-defined]
            "form": form or CodeForm(),
        }
        return render(request, "portaal/inloglink.html", context, status=status)

    def _ongeldig(self, request: HttpRequest, exc: services.LinkOngeldig) -> HttpResponse:
        return render(
            request, "portaal/inloglink_ongeldig.html", {"reden": exc.reden}, status=exc.status
        )

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            verzoek = services.vind(token)
        except services.LinkOngeldig as exc:
            return self._ongeldig(request, exc)
        return self._pagina(request, verzoek)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if is_beperkt(request, group="portaal-link", key=ratelimit_key, rate=LINK_PER_IP):
            return render(request, "portaal/te_vaak.html", status=429)
        stap = request.POST.get("stap")
        try:
            if stap == "code":
                try:
                    verzoek = services.stuur_code(token=token)
                except ValidationError as exc:
                    return self._pagina(request, services.vind(token), _fout(exc), status=400)
                messages.success(
                    request,
                    _("We have sent a code to %(email)s. It works for 15 minutes.")
                    % {"email": _masker(verzoek.deelnemer.email)},
                )
                return naar("portaal-inloglink", token)
            form = CodeForm(request.POST)
            if not form.is_valid():
                return self._pagina(request, services.vind(token), form, status=400)
            try:
                verzoek = services.controleer_code(token=token, code=form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
                try:
                    return self._pagina(request, services.vind(token), form, status=400)
                except services.LinkOngeldig as blok:
                    return self._ongeldig(request, blok)
            sessie.inloggen(request, verzoek.deelnemer)
            return naar("portaal-dossier")
        except services.LinkOngeldig as exc:
            return self._ongeldig(request, exc)


def _fout(exc: ValidationError) -> CodeForm:
    """A code form that shows the service's message (a bound, empty form with that error)."""
    form = CodeForm(data={})
    form.is_valid()
    form.errors.clear()
    form.add_error(None, exc)
    return form


class UitloggenView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        sessie.uitloggen(request)
        messages.success(request, _("You have logged out."))
        return naar("portaal-inloggen")
