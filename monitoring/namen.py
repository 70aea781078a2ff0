"""Names of participants in a monitor report's texts. A report goes to SBB, which must never see
who the participants are, so the story and the structured fields may not name one of the pilot's
participants: neither "first name last name" nor a last name of four letters or more (whole
words, case-insensitive). Anonymised participants have no name left to find."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from deelnemers.models import Deelnemer
from pilots.models import Pilot

# A last name alone counts from this many letters ("Vos" is too common a word to refuse).
MIN_ACHTERNAAM_LETTERS = 4


def _patroon(naam: str) -> str:
    """A name as a pattern: its words in order, any whitespace between them."""
    return r"\s+".join(re.escape(woord) for woord in naam.split())


def zoekpatroon(namen: Iterable[tuple[str, str]]) -> re.Pattern[str] | None:
    """One pattern for all (first name, last name) pairs; longest first, so a full name is
    reported as itself and not as its last name."""
    termen: set[str] = set()
    for voornaam, achternaam in namen:
        voornaam, achternaam = " ".join(voornaam.split()), " ".join(achternaam.split())
        if voornaam and achternaam:
            termen.add(f"{voornaam} {achternaam}".casefold())
        if sum(c.isalpha() for c in achternaam) >= MIN_ACHTERNAAM_LETTERS:
            termen.add(achternaam.casefold())
    if not termen:
        return None
    alternatieven = "|".join(_patroon(t) for t in sorted(termen, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<!\w)(?:{alternatieven})(?!\w)", re.IGNORECASE)


def namen_in_teksten(pilot: Pilot, teksten: Mapping[str, str]) -> dict[str, list[str]]:
    """Per field, the participants' names found in its text, as written there (each once)."""
    if not any(t.strip() for t in teksten.values()):
        return {}
    patroon = zoekpatroon(
        Deelnemer.objects.filter(pilot=pilot, geanonimiseerd_op__isnull=True).values_list(
            "voornaam", "achternaam"
        )
    )
    if patroon is None:
        return {}
    gevonden: dict[str, list[str]] = {}
    for veld, tekst in teksten.items():
        treffers: list[str] = []
        for match in patroon.finditer(tekst or ""):
            gezien = " ".join(match.group(0).split())
            if gezien.casefold() not in {t.casefold() for t in treffers}:
                treffers.append(gezien)
        if treffers:
            gevonden[veld] = treffers
    return gevonden
