"""Read operations on agreements."""

from __future__ import annotations

from typing import Any


def traject_context(traject: Any, user: Any) -> dict[str, Any]:
    """Context for templates/overeenkomsten/_traject_overeenkomsten.html on the traject page."""
    return {}
