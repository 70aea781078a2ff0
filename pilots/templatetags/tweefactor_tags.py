"""`{% mag_tweefactor_herstellen as x %}`: may the signed-in user reset others' second factor
(the platform beheerder)? For the reset button on pages of other views (the member list)."""

from __future__ import annotations

from typing import Any

from django import template

from pilots.tweefactor_beheer import mag_herstellen

register = template.Library()


@register.simple_tag(takes_context=True)
def mag_tweefactor_herstellen(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return request is not None and mag_herstellen(request.user)
