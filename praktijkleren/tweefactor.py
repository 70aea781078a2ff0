"""Two factors for staff (docs/security.md "Two factors").

Who: with `TWO_FACTOR_REQUIRED` (production) every account; without it (`make run`, tests) the
users who set one up themselves. Such a user, signed in with a password but not yet verified,
reaches nothing but `VRIJE_URLS`: pages are redirected to the verification (a confirmed device)
or the enrolment (none), the API answers 403.

Devices are django-otp's: a TOTP device (an authenticator app) and a static device holding the
10 single-use recovery codes. Sensitive actions ask for the second factor again when the last
check is older than `TWO_FACTOR_FRESH_MINUTES` (`VerseTweedeFactorMixin`, `verse_tweede_factor`).
"""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import rotate_token
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit

# The time (epoch seconds) of the last check of the second factor in this session.
SESSION_KEY = "tweede_factor_om"
HERSTELCODES = 10
TOTP_NAAM = "Authenticator-app"
HERSTEL_NAAM = "Herstelcodes"

# URL names an authenticated user reaches before the second factor. Everything else (pages,
# the API, the admin) waits for it.
VRIJE_URLS = frozenset(
    {
        # Signing in and out, the password reset, the language.
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "admin:logout",
        "health",
        "favicon",
        # Public: the verification of a verklaring, signing by personal link (the link is the key;
        # signing in person and on paper are staff pages and wait).
        "verificatie",
        "verificatie-code",
        "ondertekenen",
        "ondertekenen-pdf",
        "ondertekenen-definitief",
        # The API's token endpoint (it asks for the code itself), its public verification, docs.
        "api-token",
        "api-verificatie",
        "schema",
        "api-docs",
        # The footer's public pages: privacy statement, accessibility statement, contact.
        "privacyverklaring",
        "toegankelijkheidsverklaring",
        "contact",
        # The second factor itself.
        "tweefactor-verifieer",
        "tweefactor-instellen",
    }
)


# --- who ---------------------------------------------------------------------------------------


def is_geverifieerd(user: Any) -> bool:
    """Has this session passed the second factor (django-otp's OTPMiddleware decides)?"""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


_MEMO = "_tweefactor_apparaat"


def heeft_apparaat(user: Any) -> bool:
    """Does the user have a confirmed device? One indexed query, remembered on the user object
    of this request only (a new or reset device counts from the next request on, and the
    number of queries of a request does not depend on a cache)."""
    if not (user is not None and user.is_authenticated):
        return False
    if not hasattr(user, _MEMO):
        setattr(user, _MEMO, TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())
    return bool(getattr(user, _MEMO))


def _vergeet(user: Any) -> None:
    if hasattr(user, _MEMO):
        delattr(user, _MEMO)


def van_toepassing(user: Any) -> bool:
    """Does the second factor apply to this user: required for all, or set up by the user."""
    if not (user is not None and user.is_authenticated):
        return False
    return bool(settings.TWO_FACTOR_REQUIRED) or is_geverifieerd(user) or heeft_apparaat(user)


# --- enforcement ---------------------------------------------------------------------------------


def _met_next(url: str, next_url: str | None) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TweeFactorMiddleware:
    """After django-otp's OTPMiddleware: an authenticated user to whom the second factor
    applies, but who has not passed it in this session, reaches only `VRIJE_URLS`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_geverifieerd(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in VRIJE_URLS:
            return None
        apparaat = heeft_apparaat(user)
        if not (settings.TWO_FACTOR_REQUIRED or apparaat):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _(
                        "Confirm your second factor first: sign in on the website with your "
                        "code, or use an API token."
                    )
                },
                status=403,
            )
        doel = reverse("tweefactor-verifieer" if apparaat else "tweefactor-instellen")
        terug = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
        return HttpResponseRedirect(_met_next(doel, terug))


# --- freshness for sensitive actions -------------------------------------------------------------


def is_vers(request: HttpRequest) -> bool:
    """Passed the second factor within the last `TWO_FACTOR_FRESH_MINUTES`?"""
    if not is_geverifieerd(request.user):
        return False
    om = request.session.get(SESSION_KEY)
    limiet = settings.TWO_FACTOR_FRESH_MINUTES * 60
    return isinstance(om, int) and 0 <= time.time() - om <= limiet


def verse_tweede_factor(request: HttpRequest, *, terug: str | None = None) -> HttpResponse | None:
    """For a sensitive action: None when it may go ahead, else the redirect to the
    verification. A write (POST) is not carried out; the user is told so and comes back to
    `terug` (default: this page) after the check."""
    if not van_toepassing(request.user) or is_vers(request):
        return None
    if request.method in ("GET", "HEAD"):
        terug = request.get_full_path()
    else:
        messages.warning(
            request,
            _(
                "The action has not been carried out: confirm with your second factor that it "
                "is you, then do it again."
            ),
        )
        terug = terug or request.path
    return HttpResponseRedirect(_met_next(reverse("tweefactor-verifieer"), terug))


def _terug_voor_post(request: HttpRequest, view: Any) -> str:
    """Where a refused POST comes back: the page itself if it answers GET, else the page the
    form was on (the Referer, on this site), else the start page."""
    if "get" in getattr(view, "http_method_names", ()) and hasattr(view, "get"):
        return request.path
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, request.is_secure()
    ):
        return referer
    return reverse("home")


class VerseTweedeFactorMixin:
    """Class-based views of sensitive actions. Put it after the access mixins (so 403 and 404
    come first) and before the view class."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            terug = None if request.method in ("GET", "HEAD") else _terug_voor_post(request, self)
            response = verse_tweede_factor(request, terug=terug)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def verse_tweede_factor_vereist(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same for a function view."""
    from functools import wraps

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            response = verse_tweede_factor(request)
            if response is not None:
                return response
        return view(request, *args, **kwargs)

    return wrapper


# --- services --------------------------------------------------------------------------------


def geheim(device: TOTPDevice) -> str:
    """The secret in base32, as an authenticator app takes it."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def begin_inschrijving(*, user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device of the enrolment in progress; the same one until it is
    confirmed, so the page can be reloaded without a new secret."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAAM, confirmed=False)
    return device


def _te_vaak(info: dict[str, Any] | None) -> ValidationError:
    tot = (info or {}).get("locked_until")
    if tot is None:
        return ValidationError(_("Too many wrong codes. Wait a moment and try again."))
    return ValidationError(
        _("Too many wrong codes. Wait until %(tijd)s and try again.")
        % {"tijd": time_format(timezone.localtime(tot), "H:i:s")}
    )


def _controleer(device: Device, token: str) -> None:
    """Verify `token` on `device` under its lock, with django-otp's throttling (its failure
    count is saved, outside any transaction of the caller that raises)."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise _te_vaak(info)
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        ok = locked.verify_token(token)
    if not ok:
        raise ValidationError(
            _(
                "This code is not correct. Enter the 6-digit code from your authenticator app, "
                "or a recovery code you have not used yet."
            )
        )


def normaliseer(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def bevestig_inschrijving(*, user: Any, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the enrolment with the first code from the app: the device replaces any earlier
    one, and 10 new recovery codes are made (returned once, to show)."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This enrolment is no longer open. Start again."))
    _controleer(device, normaliseer(token))
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _nieuwe_codes(user)
        audit.record(actor=user, action="tweefactor.ingesteld", obj=user)
    _vergeet(user)
    return codes


def _nieuwe_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user_id=user.pk).delete()
    static = StaticDevice.objects.create(user=user, name=HERSTEL_NAAM, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


@transaction.atomic
def maak_nieuwe_herstelcodes(*, user: Any) -> list[str]:
    """Replace the user's recovery codes by 10 new ones (the old ones stop working)."""
    if not TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        raise ValidationError(_("Set up two-factor authentication first."))
    codes = _nieuwe_codes(user)
    audit.record(actor=user, action="tweefactor.herstelcodes", obj=user)
    return codes


def verifieer(*, user: Any, token: str) -> Device:
    """The device that accepts `token`: 6 digits are a code from the app, anything else a
    recovery code (used up by this). Raises ValidationError with the reason. Only one kind is
    tried, so a wrong app code does not count against the recovery codes' throttle."""
    token = normaliseer(token)
    # Recovery codes have 8 characters (django-otp's random_token), app codes 6 digits.
    model: type[Device] = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    devices = list(model.objects.filter(user_id=user.pk, confirmed=True).order_by("pk"))
    if not devices or not token:
        raise ValidationError(
            _(
                "This code is not correct. Enter the 6-digit code from your authenticator app, "
                "or a recovery code you have not used yet."
            )
        )
    fout: ValidationError | None = None
    for device in devices:
        try:
            _controleer(device, token)
        except ValidationError as exc:
            fout = exc
            continue
        if isinstance(device, StaticDevice):
            audit.record(actor=user, action="tweefactor.herstelcode", obj=user)
        return device
    assert fout is not None
    raise fout


def markeer_geverifieerd(request: HttpRequest, device: Device) -> None:
    """The session passed the second factor: remember the device (django-otp), give the
    session a new id and a new CSRF token, and keep the time for the freshness check."""
    django_otp.login(request, device)
    request.session.cycle_key()
    rotate_token(request)
    request.session[SESSION_KEY] = int(time.time())


def resterende_herstelcodes(user: Any) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


@transaction.atomic
def verwijder_apparaten(*, user: Any) -> int:
    """Delete every device of the user (the beheerder's reset; the caller writes the audit
    event). Sessions verified with them are no longer verified. Returns how many."""
    n = 0
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user_id=user.pk):
            device.delete()
            n += 1
    _vergeet(user)
    return n


def veilige_next(request: HttpRequest, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default or reverse("home")
