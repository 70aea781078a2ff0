"""The public signing pages: no account needed. The personal link identifies the party, a code
sent to their e-mail address confirms it is them; the session then holds that confirmation."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from praktijkleren.forms import add_service_errors
from praktijkleren.headers import framed_by_this_site
from praktijkleren.http import client_ip

from . import definitief, services
from .adapters import in_volgorde
from .constants import GebeurtenisSoort
from .forms import CodeForm, TekenForm
from .models import Ondertekening

# A confirmed code lets this browser sign for half an hour, not for the life of the link.
BEVESTIGING_GELDIG_SECONDEN = 30 * 60


def _client(request: HttpRequest) -> tuple[str | None, str]:
    return client_ip(request), request.META.get("HTTP_USER_AGENT", "")


def _session_key(o: Ondertekening) -> str:
    # One confirmation for the whole session (every document of this person sent together).
    return f"ondertekening-{o.groep}"


def _bevestig(request: HttpRequest, o: Ondertekening) -> None:
    request.session.cycle_key()  # a new session id once the signer proved who they are
    request.session[_session_key(o)] = {"hash": o.token_hash, "at": time.time()}


def _bevestigd(request: HttpRequest, o: Ondertekening) -> bool:
    bevestiging = request.session.get(_session_key(o))
    return (
        isinstance(bevestiging, dict)
        and bool(o.token_hash)
        and bevestiging.get("hash") == o.token_hash
        and time.time() - float(bevestiging.get("at", 0)) < BEVESTIGING_GELDIG_SECONDEN
    )


def _masker(email: str) -> str:
    naam, _at, domein = email.partition("@")
    return f"{naam[:1]}***@{domein}"


def _ongeldig(request: HttpRequest, reden: str, status: int) -> HttpResponse:
    return render(
        request, "ondertekening/ondertekenen_ongeldig.html", {"reden": reden}, status=status
    )


def _status(exc: services.LinkOngeldig) -> int:
    return 404 if exc.ondertekening is None else 410


def _stukken(rijen: list[Ondertekening]) -> list[dict[str, Any]]:
    return in_volgorde([{"o": r, "stuk": services.stuk(r)} for r in rijen])


@method_decorator(never_cache, name="dispatch")
class OndertekenView(View):
    """One session per person: after one code the signer reads every open document and signs
    them all at once."""

    template_name = "ondertekening/ondertekenen.html"

    def _page(self, request: HttpRequest, o: Ondertekening, **forms: Any) -> HttpResponse:
        bevestigd = _bevestigd(request, o)
        rijen = services.vind_alle(self.kwargs["token"]) if bevestigd else [o]
        doc = services.stuk(o)
        blokkades = services.blokkades(rijen)
        context = {
            "o": o,
            "stuk": doc,
            "stukken": _stukken(rijen) if bevestigd else [],
            "inhoud": doc.inhoud,
            "token": self.kwargs["token"],
            "bevestigd": bevestigd,
            # The reason only after the code; before it, only that signing is not possible now
            # (nobody should ask for a code they cannot use).
            "blokkades": blokkades if bevestigd else [],
            "geblokkeerd": bool(blokkades),
            "email_masker": _masker(o.email),
            "code_form": forms.get("code_form") or CodeForm(),
            "teken_form": forms.get("teken_form") or TekenForm(),
        }
        return render(request, self.template_name, context, status=forms.get("status", 200))

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            rijen = services.vind_alle(token)
        except services.LinkOngeldig as exc:
            return _ongeldig(request, exc.reden, _status(exc))
        opened = request.session.setdefault("ondertekening-geopend", [])
        nieuw = [r for r in rijen if r.pk not in opened]
        for r in nieuw:
            services.log(r, GebeurtenisSoort.GEOPEND, *_client(request))
        if nieuw:
            request.session["ondertekening-geopend"] = [*opened, *(r.pk for r in nieuw)]
        return self._page(request, rijen[0])

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        ip, ua = _client(request)
        stap = request.POST.get("stap")
        try:
            if stap == "code":
                o = services.stuur_code(token=token, ip=ip, ua=ua)
                messages.success(
                    request,
                    _("We have sent a code to %(email)s. It is valid for 15 minutes.")
                    % {"email": _masker(o.email)},
                )
                return redirect(request.path)
            if stap == "controleer":
                form = CodeForm(request.POST)
                if not form.is_valid():
                    return self._page(request, services.vind(token), code_form=form, status=400)
                try:
                    o = services.controleer_code(
                        token=token, code=form.cleaned_data["code"], ip=ip, ua=ua
                    )
                except ValidationError as exc:
                    form.add_error("code", exc)
                    return self._page(request, services.vind(token), code_form=form, status=400)
                _bevestig(request, o)
                return redirect(request.path)
            if stap == "teken":
                o = services.vind(token)
                if not _bevestigd(request, o):
                    messages.error(request, _("Confirm the code from the e-mail first."))
                    return redirect(request.path)
                teken_form = TekenForm(request.POST)
                if not teken_form.is_valid():
                    return self._page(request, o, teken_form=teken_form, status=400)
                try:
                    getekend = services.teken(
                        token=token,
                        naam=teken_form.cleaned_data["naam"],
                        akkoord=teken_form.cleaned_data["akkoord"],
                        ip=ip,
                        ua=ua,
                    )
                except ValidationError as exc:
                    add_service_errors(teken_form, exc)
                    return self._page(request, o, teken_form=teken_form, status=400)
                request.session.pop(_session_key(o), None)
                context = {
                    "o": getekend[0],
                    "stuk": services.stuk(getekend[0]),
                    "stukken": _stukken(getekend),
                }
                return render(request, "ondertekening/ondertekend.html", context)
        except services.LinkOngeldig as exc:
            return _ongeldig(request, exc.reden, _status(exc))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(request.path)
        messages.error(request, _("Something went wrong with this step. Please try again."))
        return redirect(request.path)


@method_decorator(never_cache, name="dispatch")
@method_decorator(framed_by_this_site, name="dispatch")
class OndertekenPdfView(View):
    """A document to be signed (`?stuk=<id>` picks one of the session's documents; default the
    first), only after the code was confirmed in this browser session."""

    def get(self, request: HttpRequest, token: str) -> HttpResponseBase:
        try:
            rijen = services.vind_alle(token)
        except services.LinkOngeldig as exc:
            return _ongeldig(request, exc.reden, _status(exc))
        if not _bevestigd(request, rijen[0]):
            return _ongeldig(request, _("Confirm the code from the e-mail first."), 403)
        gekozen = request.GET.get("stuk")
        o = next((r for r in rijen if str(r.pk) == gekozen), None) if gekozen else rijen[0]
        if o is None:
            raise Http404
        doc = services.stuk(o)
        if not doc.pdf:
            raise Http404
        return FileResponse(
            doc.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{doc.kort.lower()}-{doc.nummer}.pdf",
        )


@method_decorator(never_cache, name="dispatch")
class DefinitiefView(View):
    """The final signed document, through the personal link e-mailed to a signer (30 days)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponseBase:
        try:
            o, bestand = definitief.vind_definitief(token)
        except definitief.DefinitiefOngeldig as exc:
            return render(
                request,
                "ondertekening/definitief_ongeldig.html",
                {"reden": exc.reden},
                status=exc.status,
            )
        doc = services.stuk(o)
        return FileResponse(
            bestand.open("rb"),
            content_type="application/pdf",
            filename=f"{doc.kort.lower()}-{doc.nummer}-ondertekend.pdf",
        )
