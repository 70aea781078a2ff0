"""The rate limit of public verification, which keeps working when the cache is down.

`ratelimit(...)` is django-ratelimit's decorator (same arguments, `block=False`: the view reads
`request.limited`). It counts in the shared cache (Redis in production); when the cache raises
(down, unreachable, timing out), it counts in this process instead: a fixed window per group,
client and period. The limit then holds per web process rather than across all of them, which
is good enough for the minutes of an outage, and the page keeps answering instead of a 500.
The fallback is logged as a warning, at most once a minute per process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import _split_rate, is_ratelimited

logger = logging.getLogger(__name__)

LOG_INTERVAL = 60.0  # seconds between two warnings about the fallback

_lock = threading.Lock()
_tellers: dict[tuple[str, str, int, int], int] = {}
_huidig_venster: dict[int, int] = {}  # period -> the window last counted in
_laatst_gelogd = 0.0


def lokaal_beperkt(group: str, key: str, rate: str) -> bool:
    """Count one request of `key` in `group` in this process; True when over `rate`."""
    limit, period = _split_rate(rate)
    nu = time.time()
    venster = int(nu // period)
    with _lock:
        # A new window: forget the finished ones, so the counters cannot grow without bound.
        if _huidig_venster.get(period) != venster:
            _huidig_venster[period] = venster
            for oud in [k for k in _tellers if k[2] == period and k[3] < venster]:
                del _tellers[oud]
        sleutel = (group, key, period, venster)
        _tellers[sleutel] = _tellers.get(sleutel, 0) + 1
        return _tellers[sleutel] > limit


def _meld_terugval(group: str, exc: Exception) -> None:
    global _laatst_gelogd
    nu = time.monotonic()
    with _lock:
        if _laatst_gelogd and nu - _laatst_gelogd < LOG_INTERVAL:
            return
        _laatst_gelogd = nu
    logger.warning(
        "rate limit: cache unavailable (%s), counting in this process instead (group %s)",
        type(exc).__name__,
        group,
    )


def is_beperkt(
    request: HttpRequest,
    *,
    group: str,
    key: Callable[[str, HttpRequest], str],
    rate: str,
    method: Any = ALL,
) -> bool:
    """Count this request and say whether it is over the limit: in the cache, or in this
    process when the cache raises."""
    try:
        return is_ratelimited(
            request, group=group, key=key, rate=rate, method=method, increment=True
        )
    except ImproperlyConfigured:
        raise  # a programming error, not an outage
    except Exception as exc:  # any cache client error: redis, socket, timeout
        # django-ratelimit checks the method before it reaches the cache: this request counts.
        _meld_terugval(group, exc)
        return lokaal_beperkt(group, key(group, request), rate)


def ratelimit(
    *,
    group: str,
    key: Callable[[str, HttpRequest], str],
    rate: str,
    method: Any = ALL,
    block: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """django-ratelimit's `ratelimit` (non-blocking), with the in-process fallback."""
    if block:
        raise ImproperlyConfigured("verklaringen.ratelimit only supports block=False")

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def _wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            beperkt = is_beperkt(request, group=group, key=key, rate=rate, method=method)
            setattr(request, "limited", beperkt or getattr(request, "limited", False))  # noqa: B010
            return fn(request, *args, **kwargs)

        return _wrapped

    return decorator


def vergeet_lokaal() -> None:
    """Forget the in-process counters and when the fallback was last logged (tests)."""
    global _laatst_gelogd
    with _lock:
        _tellers.clear()
        _huidig_venster.clear()
        _laatst_gelogd = 0.0
