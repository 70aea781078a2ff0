"""The mbo's links to sign in person or upload a paper signature, for every person with an open
signature on a traject (on the traject's agreements panel)."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import open_per_persoon

register = template.Library()


@register.inclusion_tag("ondertekening/_open_handtekeningen.html")
def open_handtekeningen(traject: Any) -> dict[str, Any]:
    return {"personen": open_per_persoon(traject)}
