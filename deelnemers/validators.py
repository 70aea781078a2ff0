"""Checks on the coded choices of a participant (kept apart so migrations can refer to them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import Doelgroep


def normaliseer_doelgroepen(value: Any) -> list[str]:
    """The target groups as a list of known codes, without duplicates, in the order of the list
    of choices. Raises a ValidationError naming the unknown codes."""
    if value in (None, ""):
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ValidationError(_("Give the target groups as a list of codes."), code="invalid_list")
    codes = {str(c).strip() for c in value}
    onbekend = sorted(codes - set(Doelgroep.values))
    if onbekend:
        raise ValidationError(
            _("Unknown target group: %(codes)s. Choose from: %(keuze)s.")
            % {"codes": ", ".join(onbekend), "keuze": ", ".join(Doelgroep.values)},
            code="invalid_choice",
        )
    return [c for c in Doelgroep.values if c in codes]


def validate_doelgroepen(value: Any) -> None:
    """Model field validator: every code must be one of the target groups."""
    normaliseer_doelgroepen(value)
