"""Answers for requests the views cannot serve: NUL bytes in the URL, and a database outage.

- A NUL byte in the path or a query parameter is refused with 400 before any view runs
  (PostgreSQL cannot store or compare it, so a filter like `?pilot=%00` would end in a 500).
  API paths get a JSON body `{"detail": ...}`; other pages Django's 400 page.
- When the database is unreachable (`OperationalError`/`InterfaceError` anywhere in the request,
  in a view or in a middleware), API paths answer 503 with a JSON body and `Retry-After`, as the
  schema documents, instead of the HTML error page. Other pages keep the 500 page.
- Any other HTML error page under /api/ (a 404 for an id that does not match the URL pattern,
  such as `/api/v1/trajecten/abc/`) becomes the JSON error body `{"detail": ...}`.

The outage is noticed through Django's `got_request_exception` signal, which Django sends for
every uncaught exception while it is being handled, so exceptions raised inside other
middleware (which Django turns into a 500 response before this middleware sees them) are covered.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import BadRequest
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
_OUTAGE_FLAG = "_praktijkleren_database_outage"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


@receiver(got_request_exception, dispatch_uid="praktijkleren.request_guard.outage")
def _note_database_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, OperationalError | InterfaceError):
        setattr(request, _OUTAGE_FLAG, True)


def outage_response() -> JsonResponse:
    response = JsonResponse(
        {"detail": _("The service is temporarily unavailable. Please try again later.")},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class RequestGuardMiddleware:
    """Place it near the top of MIDDLEWARE, above everything that uses the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if not is_api(request):
                raise BadRequest("NUL byte in the URL")
            return JsonResponse({"detail": _("Null characters are not allowed.")}, status=400)
        response = self.get_response(request)
        if not is_api(request):
            return response
        if getattr(request, _OUTAGE_FLAG, False):
            logger.warning("database unavailable: API answered 503 for %s", request.path_info)
            return outage_response()
        if response.status_code >= 400 and "html" in response.get("Content-Type", ""):
            # An error page from outside DRF (an id that does not match the URL pattern, an
            # unknown API path): the same JSON body as every other API error.
            return json_error(response.status_code)
        return response


def json_error(status: int) -> JsonResponse:
    messages = {404: _("Not found."), 500: _("A server error occurred.")}
    detail = messages.get(status) or HTTPStatus(status).phrase
    return JsonResponse({"detail": str(detail)}, status=status)
