"""Platform views: health check, favicon."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.http import require_safe


def health(request: HttpRequest) -> JsonResponse:
    """Database and (when configured) broker reachability and the outbox backlog (pending rows,
    the age in seconds of the oldest), for load balancers, compose and monitoring."""
    from django.conf import settings

    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    broker_url = getattr(settings, "CELERY_BROKER_URL", "")
    if broker_url:
        from .celery import app

        try:
            with app.connection_for_write(broker_url) as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    outbox: dict[str, int | None] = {}
    if checks["database"] == "ok":
        from . import outbox as outbox_module

        try:
            outbox = outbox_module.status()
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
    # Only the database makes the web process unfit to serve (503). With the broker down requests
    # still succeed (the outbox keeps their e-mail and tasks): "degraded", still 200.
    if checks["database"] != "ok":
        state, code = "error", 503
    elif checks["broker"] == "ok" or checks["broker"].startswith("not configured"):
        state, code = "ok", 200
    else:
        state, code = "degraded", 200
    return JsonResponse({"status": state, **checks, **outbox}, status=code)


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers and bookmarks ask /favicon.ico whatever the page links: send them to the icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
