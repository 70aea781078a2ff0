"""Labels for the codes stored in a report's figures (frozen as codes, shown in the user's
language)."""

from __future__ import annotations

from django import template

from intake.constants import Route
from trajecten.constants import UitstroomSoort

register = template.Library()


@register.filter
def route_label(code: str) -> str:
    return str(Route(code).label) if code in Route.values else code


@register.filter
def uitstroom_label(code: str) -> str:
    return str(UitstroomSoort(code).label) if code in UitstroomSoort.values else code
