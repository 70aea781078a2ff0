"""What the logs say about a request: its id, the user's id and the pilot, in JSON in production.

No personal data: ids and route patterns only, never names, e-mail addresses, IP addresses,
query strings, request bodies, or the messages of database errors (their DETAIL repeats the
row's values). Expected client errors (403, 404 and other 4xx) are one line without a
traceback, 403 and 404 at INFO. Configured through LOGGING in praktijkleren/settings/base.py;
production switches the console handler to `JSONFormatter` (docs/operations.md "Logs").
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable, MutableMapping
from contextvars import ContextVar
from typing import Any

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# An id sent by the reverse proxy is kept when it looks like one (a log line is not a place for
# whatever a client sends); otherwise the app makes one.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current_request: ContextVar[HttpRequest | None] = ContextVar("request", default=None)

request_logger = logging.getLogger("praktijkleren.request")


def _loaded(request: HttpRequest, name: str) -> Any:
    """`request.<name>` if it is already known: never a query from inside a log call."""
    value = request.__dict__.get(name)
    if isinstance(value, LazyObject):
        wrapped = value._wrapped  # type: ignore[attr-defined]
        return None if wrapped is empty else wrapped
    return value


def request_context(request: HttpRequest | None = None) -> dict[str, Any]:
    """The request id, user id and pilot code of `request` (default: the current request)."""
    request = request if request is not None else _current_request.get()
    if request is None:
        return {}
    context: dict[str, Any] = {"request_id": getattr(request, "request_id", None)}
    user = _loaded(request, "user")
    if user is not None and getattr(user, "is_authenticated", False):
        context["user_id"] = user.pk
    pilot = _loaded(request, "pilot")
    if pilot is not None:
        context["pilot"] = getattr(pilot, "code", None) or getattr(pilot, "pk", None)
    return context


class RequestLogMiddleware:
    """Gives each request an id (header `X-Request-ID` both ways) that every log line during the
    request carries, and, with `LOG_REQUESTS`, logs one line per request: method, route pattern
    (not the path), status and duration. First in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = sent if _VALID_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current_request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if getattr(settings, "LOG_REQUESTS", False):
                match = request.resolver_match
                request_logger.info(
                    "request",
                    extra={
                        "method": request.method,
                        "route": match.route if match else None,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _current_request.reset(token)


class RequestContextFilter(logging.Filter):
    """Puts request_id, user_id and pilot on every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx/5xx answer after the middleware has finished, with the request.
        request = getattr(record, "request", None)
        context = request_context(request if isinstance(request, HttpRequest) else None)
        for key in ("request_id", "user_id", "pilot"):
            if not hasattr(record, key):
                setattr(record, key, context.get(key) or "-")
        return True


class ExpectedClientErrorFilter(logging.Filter):
    """Client errors logged by Django (`django.request`: "Not Found: /...", "Forbidden
    (Permission denied): /...") are one line: no traceback; 403 and 404 at INFO."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            if status in (403, 404) and record.levelno > logging.INFO:
                record.levelno = logging.INFO
                record.levelname = logging.getLevelName(logging.INFO)
        return True


def _database_error(exc: BaseException | None) -> bool:
    from django.db import Error

    while exc is not None:
        if isinstance(exc, Error) or type(exc).__module__.startswith("psycopg"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _name(exc_type: type[BaseException]) -> str:
    return f"{exc_type.__module__}.{exc_type.__qualname__}"


def _frames_only(exc: BaseException | None) -> str:
    """The traceback of `exc` and the exceptions it came from, without their messages."""
    parts: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        frames = "".join(traceback.format_tb(exc.__traceback__))
        parts.append(
            f"Traceback (most recent call last):\n{frames}{_name(type(exc))}: "
            "(message withheld: a database error repeats the row's values)\n"
        )
        exc = exc.__cause__ or exc.__context__
    return "\nThe exception above led to the one below.\n\n".join(reversed(parts))


def _exception(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """The traceback as text; for database errors the frames only (their message and DETAIL
    repeat the row's values, personal data)."""
    exc_info = event.pop("exc_info", None)
    if not exc_info:
        return event
    if exc_info is True:
        import sys

        exc_info = sys.exc_info()
    if isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    exc_type, exc, tb = exc_info
    if exc_type is None:
        return event
    event["exception_type"] = _name(exc_type)
    if _database_error(exc):
        event["exception"] = _frames_only(exc)
    else:
        event["exception"] = "".join(traceback.format_exception(exc_type, exc, tb))
    return event


def _add_request_context(
    _: Any, __: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    request = getattr(event.get("_record"), "request", None)
    context = request_context(request if isinstance(request, HttpRequest) else None)
    for key, value in context.items():
        if value is not None:
            event.setdefault(key, value)
    return event


# The `extra` keys that may reach a JSON line (anything else a library passes, such as Django's
# `request` object with its query string, is left out).
LOGGED_EXTRAS = ("status_code", "method", "route", "status", "duration_ms", "task_id", "task_name")


class JSONFormatter(structlog.stdlib.ProcessorFormatter):
    """One JSON object per line: timestamp, level, logger, event, request_id, user_id, pilot,
    the allowed extras, and exception_type/exception for errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "foreign_pre_chain",
            [
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
                _add_request_context,
                structlog.stdlib.ExtraAdder(allow=LOGGED_EXTRAS),
            ],
        )
        kwargs.setdefault(
            "processors",
            [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                _exception,
                structlog.processors.JSONRenderer(default=str),
            ],
        )
        super().__init__(*args, **kwargs)


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Sentry gets no query string, body or cookies (send_default_pii=False leaves the first
    two), and the request id to find the log lines."""
    request = event.get("request") or {}
    for key in ("query_string", "data", "cookies"):
        request.pop(key, None)
    context = request_context()
    if context.get("request_id"):
        event.setdefault("tags", {})["request_id"] = context["request_id"]
    return event
