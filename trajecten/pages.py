"""What the apps above trajecten contribute to it, without trajecten importing them (see
praktijkleren/panels.py): panels on the traject page, and conditions for starting a traject.

- `traject_page`: providers are called as `provider(traject=..., user=...)` and return context.
- `startvoorwaarden`: checks called as `check(traject=...)`; each returns the names of what is
  still open (an empty list when the traject may start as far as it is concerned).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from praktijkleren.panels import Panels

traject_page = Panels("traject_page")

Startvoorwaarde = Callable[..., list[str]]
_startvoorwaarden: dict[str, Startvoorwaarde] = {}


def registreer_startvoorwaarde(key: str, check: Startvoorwaarde) -> None:
    _startvoorwaarden[key] = check


def open_startvoorwaarden(traject: Any) -> list[str]:
    """Everything that still stands in the way of starting this traject."""
    return [item for check in _startvoorwaarden.values() for item in check(traject=traject)]
