"""Refuse a request body over the limit of its path by its Content-Length, before anything reads
it (docs/security.md "Request size").

Django's CSRF middleware reads `request.POST` for its token, so a multipart upload used to be
parsed, and streamed to a temporary file, before any view could check its size: 300 MB went to
disk before the 10 MB check of the public verification. This middleware stands before the
session, CSRF and everything else that reads the body, and answers from the headers alone:

- `Content-Length` over the limit -> 413: a short page naming the limit, or for /api/ the JSON
  error body `{"detail": ...}`.
- A body without `Content-Length` (`Transfer-Encoding: chunked`) -> 411. Django would read none
  of it anyway (its input stream is limited to Content-Length, so 0); 411 says so clearly
  instead of a form that looks empty. A request with neither header has no body.

Limits (settings): `REQUEST_BODY_LIMITS` maps a path pattern (a regular expression matched at
the start of the path, first match wins) to the largest upload that path takes, e.g. 10 MB for
one verklaring PDF; `REQUEST_BODY_DEFAULT_LIMIT` holds for every other path. Each limit gets
`REQUEST_BODY_OVERHEAD` on top for the multipart framing and the form's other fields, so a file
just over its limit still reaches the form and its own, more specific, message. The proxy in
front refuses larger bodies still (docs/operations.md "Request size").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from .request_guard import is_api
from .taal import taal_van

MB = 1024 * 1024


@cache
def _table(limits: tuple[tuple[str, int], ...]) -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(pattern), limit) for pattern, limit in limits]


def limit_for(path: str) -> int:
    """The largest upload `path` takes, in bytes (without the allowance for the framing)."""
    for pattern, limit in _table(tuple(settings.REQUEST_BODY_LIMITS.items())):
        if pattern.match(path):
            return limit
    return int(settings.REQUEST_BODY_DEFAULT_LIMIT)


def megabytes(size: int) -> str:
    """10485760 -> "10 MB"; 2.5 MB -> "2,5 MB" in Dutch."""
    value = size / MB
    number = formats.number_format(int(value) if value.is_integer() else round(value, 1))
    return f"{number} MB"


def content_length(request: HttpRequest) -> int | None:
    """The declared body length; None when there is none (or it is not a number, which Django
    treats as 0 and so never reads)."""
    try:
        return int(request.META["CONTENT_LENGTH"])
    except (KeyError, TypeError, ValueError):
        return None


def _answer(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string(
        "413.html",
        {"title": title, "message": message, "LANGUAGE_CODE": translation.get_language()},
    )
    return HttpResponse(html, status=status)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    params = {"max": megabytes(limit)}
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
        message = _("The file is too large: at most %(max)s.") % params
    else:
        message = _("The request is too large: at most %(max)s.") % params
    return _answer(request, 413, _("Too large"), message)


def length_required(request: HttpRequest) -> HttpResponse:
    message = _(
        "The request does not say how large it is (no Content-Length). Send it again from the "
        "form, or with a Content-Length header."
    )
    return _answer(request, 411, _("Length required"), message)


class BodySizeMiddleware:
    """Place it before SessionMiddleware, CsrfViewMiddleware and anything else that reads the
    body (and after the middleware that adds the security headers to every answer)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        length = content_length(request)
        if length is None and "HTTP_TRANSFER_ENCODING" not in request.META:
            return self.get_response(request)  # no body
        limit = limit_for(request.path_info)
        if length is not None and length <= limit + settings.REQUEST_BODY_OVERHEAD:
            return self.get_response(request)
        # LocaleMiddleware has not run yet: answer in the language it is going to choose.
        with translation.override(taal_van(request)):
            return length_required(request) if length is None else too_large(request, limit)
