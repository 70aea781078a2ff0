"""Request helpers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


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


def acting_user(request: HttpRequest | Any) -> User:
    """The signed-in user a view acts for, typed for the services (`actor: User`). The access
    mixins let only signed-in users through; anything else is refused here, never passed on."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
