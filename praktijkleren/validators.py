"""Input that would hurt later is refused here, once, for forms, services and the API.

- `redelijke_datum`: a date a person enters lies between 1900 and 2100 (9999-12-31 or 1850 is a
  typing error, and breaks period calculations, the monitor and the documents later).
- `geen_stuurtekens` / `geen_stuurtekens_tekst`: no control characters in text that reaches a
  PDF or an e-mail. A CR/LF in a name ends up in an e-mail header and makes every later e-mail
  for that person fail; multi-line free text keeps its line breaks and tabs.
- `telefoonnummer`: a real phone number (Dutch numbers without country code), stored as E.164
  (+31612345678): one canonical form, usable for `tel:` links and comparisons.
- `controleer_invoer`: the same checks over a service's keyword arguments, as one
  ValidationError by field; `InvoerControle`: a form mixin that adds them to every field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

JAAR_MIN = 1900
JAAR_MAX = 2100
TELEFOON_REGIO = "NL"

# C0 (except what multi-line text needs), DEL, C1, and the Unicode line/paragraph separators
# (mail libraries and PDF renderers treat those as line breaks too).
_STUURTEKENS_REGEL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_STUURTEKENS_TEKST = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def redelijke_datum(value: date | datetime | None) -> None:
    """Validator: refuse a date before 1900 or after 2100."""
    if value is None or value == "":
        return
    if not JAAR_MIN <= value.year <= JAAR_MAX:
        raise ValidationError(
            _("%(datum)s is not a plausible date: enter a date between %(min)d and %(max)d.")
            % {"datum": value.strftime("%d-%m-%Y"), "min": JAAR_MIN, "max": JAAR_MAX},
            code="onredelijke_datum",
        )


def datum_fout(value: date | datetime | None) -> str | None:
    """The message of `redelijke_datum` for a service's errors dict, or None when plausible."""
    try:
        redelijke_datum(value)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def einde_na_start(
    start: date | None, einde: date | None, *, veld: str = "einddatum", gelijk_mag: bool = True
) -> None:
    """Refuse an end before the start (by default the same day is allowed), as an error on
    `veld`."""
    if start is None or einde is None:
        return
    if einde < start or (einde == start and not gelijk_mag):
        raise ValidationError(
            {
                veld: _("The end date (%(einde)s) must be after the start date (%(start)s).")
                % {"einde": einde.strftime("%d-%m-%Y"), "start": start.strftime("%d-%m-%Y")}
            },
            code="einde_voor_start",
        )


def geen_stuurtekens(value: Any) -> None:
    """Validator for a one-line text (a name, an organisation, a subject): no control
    characters at all, line breaks and tabs included."""
    if isinstance(value, str) and _STUURTEKENS_REGEL.search(value):
        raise ValidationError(
            _(
                "This text contains a line break or another control character. Enter it on one "
                "line, without special characters."
            ),
            code="stuurteken",
        )


def geen_stuurtekens_tekst(value: Any) -> None:
    """Validator for multi-line free text: line breaks and tabs are fine, other control
    characters (NUL, escape, C1) are not."""
    if isinstance(value, str) and _STUURTEKENS_TEKST.search(value):
        raise ValidationError(
            _("This text contains a control character that cannot be printed. Remove it."),
            code="stuurteken",
        )


def heeft_stuurtekens(value: Any, *, meerdere_regels: bool = False) -> bool:
    """True when the text holds a control character (line breaks and tabs are allowed with
    `meerdere_regels`); for checks that name a row or a column in their own message."""
    patroon = _STUURTEKENS_TEKST if meerdere_regels else _STUURTEKENS_REGEL
    return isinstance(value, str) and bool(patroon.search(value))


def telefoonnummer(value: str) -> str:
    """The phone number normalised to E.164 (`+31612345678`); '' stays ''. A number without a
    country code is read as Dutch. Raises a ValidationError when it is not a phone number."""
    import phonenumbers

    value = (value or "").strip()
    if not value:
        return ""
    fout = ValidationError(
        _(
            "“%(nummer)s” is not a valid phone number. Enter a Dutch number such as 06 12345678 "
            "or 020 1234567, or a foreign number with its country code (+32 …)."
        )
        % {"nummer": value[:40]},
        code="telefoonnummer",
    )
    geen_stuurtekens(value)
    try:
        nummer = phonenumbers.parse(value, TELEFOON_REGIO)
    except phonenumbers.NumberParseException as exc:
        raise fout from exc
    if not phonenumbers.is_valid_number(nummer):
        raise fout
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)


def controleer_invoer(
    data: Mapping[str, Any],
    *,
    regels: Iterable[str] = (),
    teksten: Iterable[str] = (),
    datums: Iterable[str] = (),
) -> None:
    """Check a service's arguments: `regels` are one-line texts, `teksten` multi-line texts,
    `datums` dates. Absent names are skipped. Raises one ValidationError by field."""
    errors: dict[str, list[str]] = {}
    checks = [
        *((n, geen_stuurtekens) for n in regels),
        *((n, geen_stuurtekens_tekst) for n in teksten),
        *((n, redelijke_datum) for n in datums),
    ]
    for naam, check in checks:
        if naam not in data:
            continue
        try:
            check(data[naam])
        except ValidationError as exc:
            errors.setdefault(naam, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def _heeft(field: forms.Field, validator: Any) -> bool:
    return validator in field.validators


class InvoerControle:
    """Form mixin: every date field gets `redelijke_datum`, every text field the control
    character check (multi-line for a Textarea, one line otherwise). Put it first in the bases:
    `class MyForm(InvoerControle, forms.Form)`. The checks are added when the form is cleaned,
    so fields a form adds in its own `__init__` are covered too."""

    def full_clean(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                if not _heeft(field, redelijke_datum):
                    field.validators.append(redelijke_datum)
            elif isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                check = (
                    geen_stuurtekens_tekst
                    if isinstance(field.widget, forms.Textarea)
                    else geen_stuurtekens
                )
                if not _heeft(field, check):
                    field.validators.append(check)
        super().full_clean()  # type: ignore[misc]
