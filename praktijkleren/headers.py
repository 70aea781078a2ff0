"""Security headers on every response Django makes (docs/security.md "Headers").

- `Permissions-Policy` from `settings.PERMISSIONS_POLICY`: the powerful browser features
  (camera, microphone, geolocation, payment, usb, ...) are off for this site and any frame.
- `Cache-Control: no-store, private`: nearly every page, PDF, export and API answer carries
  personal data (the public verification pages show a name too), so no browser or proxy cache
  keeps any of them. A stricter value a view set (`never_cache`) is kept and completed.

It sits right after WhiteNoise in MIDDLEWARE: static files are answered by WhiteNoise before
they reach this middleware and keep their long cache. The Content-Security-Policy comes from
Django's own `ContentSecurityPolicyMiddleware` (`settings.SECURE_CSP`); Referrer-Policy,
X-Content-Type-Options and Cross-Origin-Opener-Policy from `SecurityMiddleware`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def permissions_policy(features: Mapping[str, Sequence[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` -> `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault(PERMISSIONS_POLICY_HEADER, self.permissions_policy)
        patch_cache_control(response, no_store=True, private=True)
        return response


def framed_by_this_site(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For a response that this site shows in an <iframe> of its own (the PDF on the signing
    page; `object-src 'none'` rules out <object>): CSP `frame-ancestors 'self'` and
    X-Frame-Options SAMEORIGIN instead of 'none' and DENY. Everything else stays as it is."""
    framed = xframe_options_sameorigin(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = framed(request, *args, **kwargs)
        # Read by Django's ContentSecurityPolicyMiddleware instead of settings.SECURE_CSP.
        response._csp_config = {  # type: ignore[attr-defined]
            **settings.SECURE_CSP,
            "frame-ancestors": [CSP.SELF],
        }
        return response

    return wrapped
