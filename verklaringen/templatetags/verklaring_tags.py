"""Template filters for verklaringen: the verification code written one way everywhere, and the
Dutch long date every verklaring document uses ("4 januari 2027")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format

from verklaringen.verificatie import code_weergave

register = template.Library()


@register.filter
def verificatiecode(code: Any) -> str:
    """`{{ code|verificatiecode }}`: ABCD-EFGH-JKMN, as the verification page shows it."""
    return code_weergave(str(code or ""))


def als_datum(waarde: Any) -> date | None:
    """A date from a date, a datetime (local) or an ISO string as stored in a JSON content."""
    if isinstance(waarde, datetime):
        return timezone.localtime(waarde).date() if timezone.is_aware(waarde) else waarde.date()
    if isinstance(waarde, date):
        return waarde
    if isinstance(waarde, str) and waarde:
        moment = parse_datetime(waarde)
        if moment is not None:
            return als_datum(moment)
        return parse_date(waarde)
    return None


@register.filter
def lange_datum(waarde: Any) -> str:
    """`{{ d|lange_datum }}`: "4 januari 2027" under the Dutch locale; "" for no date."""
    try:
        d = als_datum(waarde)
    except ValueError:
        return ""
    return date_format(d, "j F Y") if d else ""
