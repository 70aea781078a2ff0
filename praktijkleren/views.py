"""Platform views: health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse


def health(request: HttpRequest) -> JsonResponse:
    """Database and (when configured) broker reachability, for load balancers and compose."""
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
    healthy = all(v == "ok" or v.startswith("not configured") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
