"""Read operations for the uitstroom part of the traject page."""

from __future__ import annotations

from typing import Any


def traject_context(traject: Any, user: Any) -> dict[str, Any]:
    """Extra context for templates/deelnemers/_traject_afsluiting.html on the traject page."""
    return {}
