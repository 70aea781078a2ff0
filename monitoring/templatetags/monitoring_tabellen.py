"""The additional tables of a report's figures (stored as codes), as labelled rows in the user's
language: `{% for t in cijfers.tabellen|aanvullende_tabellen %}`."""

from __future__ import annotations

from typing import Any

from django import template

from ..tabellen import AANVULLENDE_TABELLEN

register = template.Library()


@register.filter
def aanvullende_tabellen(tabellen: dict[str, Any] | None) -> list[Any]:
    """The tables as charts with their rows (a report frozen before they existed has none)."""
    if not tabellen or any(key not in tabellen for key in AANVULLENDE_TABELLEN):
        return []
    from ..dashboard import aanvullende_grafieken

    return aanvullende_grafieken(tabellen)
