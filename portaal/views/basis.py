"""What every page of a logged-in participant shares: the participant of the session, or the
login page. Staff are anonymous here: a staff login is not a portal session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from deelnemers.models import Deelnemer
from praktijkleren.http import client_ip

from .. import laden


@method_decorator(never_cache, name="dispatch")
class PortaalView(View):
    deelnemer: Deelnemer

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        gevonden = laden.deelnemer(request)
        if gevonden is None:
            return redirect(reverse("portaal-inloggen"))
        self.deelnemer = gevonden
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"deelnemer": self.deelnemer, "portaal": True, **extra}


def klant(request: HttpRequest) -> tuple[str | None, str]:
    return client_ip(request), request.META.get("HTTP_USER_AGENT", "")


def naar(naam: str, *args: Any) -> HttpResponse:
    return redirect(reverse(naam, args=args))
