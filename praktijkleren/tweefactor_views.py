"""Pages of the second factor under /account/: verification, enrolment (QR code and secret),
the recovery codes, and the security page of one's own account (docs/security.md)."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import View
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access, tweefactor
from .tweefactor_forms import AppCodeForm, CodeForm

HERSTELCODES_TEMPLATE = "account/herstelcodes.html"


def _met_next(url: str, request: HttpRequest) -> str:
    from urllib.parse import urlencode

    target = request.GET.get("next") or request.POST.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


class VerifieerView(LoginRequiredMixin, View):
    """Enter the code from the app or a recovery code: after login, and again before a
    sensitive action when the last check is older than 15 minutes."""

    template_name = "account/tweefactor_verifieer.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not tweefactor.heeft_apparaat(request.user):
            return HttpResponseRedirect(_met_next(reverse("tweefactor-instellen"), request))
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        context = {"form": form, "next": tweefactor.veilige_next(request)}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self._page(request, form)
        try:
            device = tweefactor.verifieer(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
            return self._page(request, form)
        tweefactor.markeer_geverifieerd(request, device)
        if not isinstance(device, TOTPDevice):
            over = tweefactor.resterende_herstelcodes(request.user)
            messages.warning(
                request,
                _(
                    "You used a recovery code; %(n)d are left. Make new ones on the security "
                    "page if you are running out."
                )
                % {"n": over},
            )
        return HttpResponseRedirect(tweefactor.veilige_next(request))


def qr_svg(device: TOTPDevice) -> str:
    """The QR code of the app's configuration URL as inline SVG (no request, no script)."""
    qr = segno.make(device.config_url, error="m")
    # segno writes its own markup from the URL; nothing of the user's input reaches it unescaped.
    return mark_safe(qr.svg_inline(scale=4, border=2, dark="#000", light="#fff"))


class InstellenView(LoginRequiredMixin, View):
    """Enrolment: scan the QR code (or type the secret) and confirm with the first code. With a
    device already, this replaces it, and needs a fresh second factor first."""

    template_name = "account/tweefactor_instellen.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and tweefactor.heeft_apparaat(request.user):
            refused = tweefactor.verse_tweede_factor(request, terug=request.path)
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request: HttpRequest, device: TOTPDevice, form: AppCodeForm) -> HttpResponse:
        secret = tweefactor.geheim(device)
        context = {
            "form": form,
            "qr": qr_svg(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": tweefactor.veilige_next(request, reverse("beveiliging")),
            "opnieuw": tweefactor.heeft_apparaat(request.user),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        device = tweefactor.begin_inschrijving(user=request.user)
        return self._page(request, device, AppCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        device = tweefactor.begin_inschrijving(user=request.user)
        form = AppCodeForm(request.POST)
        if not form.is_valid():
            return self._page(request, device, form)
        try:
            codes = tweefactor.bevestig_inschrijving(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc)
            return self._page(request, device, form)
        tweefactor.markeer_geverifieerd(request, device)
        messages.success(request, _("Two-factor authentication is set up."))
        # Shown here, once: the codes are not kept anywhere they could be shown again.
        context = {"codes": codes, "next": tweefactor.veilige_next(request)}
        return render(request, HERSTELCODES_TEMPLATE, context)


class BeveiligingView(LoginRequiredMixin, View):
    """The security page of one's own account: is the second factor set up, how many
    recovery codes are left; set up again, new codes."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
        context = {
            "device": device,
            "over": tweefactor.resterende_herstelcodes(user) if device else 0,
            "verplicht": tweefactor.van_toepassing(user),
            "beheerder": access.rules().has_national(user, access.EVERYTHING),
            "idle": settings.SESSION_IDLE_MINUTES,
            "absolute": settings.SESSION_ABSOLUTE_HOURS,
        }
        return render(request, "account/beveiliging.html", context)


class HerstelcodesView(tweefactor.VerseTweedeFactorMixin, LoginRequiredMixin, View):
    """New recovery codes (the old ones stop working), shown once."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            codes = tweefactor.maak_nieuwe_herstelcodes(user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("beveiliging"))
        context = {"codes": codes, "next": reverse("beveiliging")}
        return render(request, HERSTELCODES_TEMPLATE, context)
