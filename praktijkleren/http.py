"""Request helpers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address. Behind `NUM_PROXIES` trusted reverse proxies, the address the
    nearest trusted proxy saw (from X-Forwarded-For, which a client cannot forge past them);
    otherwise REMOTE_ADDR."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the client's own address, also behind the reverse proxy (where
    REMOTE_ADDR is the proxy's and every visitor would share one budget)."""
    return client_ip(request) or "unknown"
