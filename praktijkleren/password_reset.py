"""Password reset with a rate limit per e-mail address and per client IP.

Without a limit anyone can flood a mailbox with reset mails (15 to one address in the red-team
pass) or use the form to mail many addresses. A valid request counts once for its e-mail address
and once for the client's IP (`praktijkleren.http.client_ip`, the real address behind the
proxy); over either limit nothing is sent and the form answers 429 with one message that is the
same for known and unknown addresses, so it reveals nothing about which accounts exist.

The counters live in the cache (Redis in production), keyed by a hash of the group and value
(django-ratelimit), so no address is stored in clear. When the cache is down the request is let
through and a warning is logged: the limit is a brake, not the lock (that is the token in the
link), and password reset must keep working.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from .auth_forms import QueuedPasswordResetForm
from .http import ratelimit_key

logger = logging.getLogger(__name__)

PER_ADRES = 3  # reset mails per e-mail address per hour
PER_IP = 20  # reset requests per client IP per hour (an office or school shares one address)


def _beperkt(request: HttpRequest, *, email: str) -> bool:
    """Count this request for its address and its IP; True when either is over its limit."""
    try:
        per_adres = is_ratelimited(
            request,
            group="wachtwoord-herstel-adres",
            key=lambda _group, _request: email,
            rate=f"{PER_ADRES}/h",
            method="POST",
            increment=True,
        )
        per_ip = is_ratelimited(
            request,
            group="wachtwoord-herstel-ip",
            key=ratelimit_key,
            rate=f"{PER_IP}/h",
            method="POST",
            increment=True,
        )
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # any cache client error: redis, socket, timeout
        logger.warning("password reset rate limit: cache unavailable (%s)", type(exc).__name__)
        return False
    return per_adres or per_ip


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset (mail through the outbox), limited per address and per IP."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        if _beperkt(self.request, email=email):
            form.add_error(
                None,
                _(
                    "There have been too many requests to reset a password from here or for "
                    "this e-mail address. No e-mail has been sent. Try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
