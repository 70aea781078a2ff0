"""What a verklaring counts as in the monitor, worked out once from its werkprocessen as printed
(issue 16): the number of distinct werkprocessen, and the kwalificatie contributing most of
them. `Registratie.vul_kenmerken` stores the result on the register entry when it is written, so
the national export groups on plain columns instead of reading every entry's JSON.

Pure functions: no database, no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kenmerken:
    """The number of distinct werkprocessen; the kwalificatie that contributes most of them
    (empty strings when there are none: `aantal_werkprocessen == 0`)."""

    aantal_werkprocessen: int
    crebo: str = ""
    naam: str = ""
    niveau: str = ""
    domein: str = ""


def kenmerken(werkprocessen: Iterable[Mapping[str, Any]] | None) -> Kenmerken:
    """A werkproces is distinct by (crebo, code); the kwalificatie is the crebo with the most
    distinct werkprocessen (a tie goes to the lowest crebo), its naam, niveau and domein those of
    its first werkproces in the list."""
    distinct: dict[tuple[str, str], Mapping[str, Any]] = {}
    for wp in werkprocessen or []:
        distinct.setdefault((str(wp.get("crebo", "")), str(wp.get("code", ""))), wp)
    per_crebo = Counter(crebo for crebo, _code in distinct)
    if not per_crebo:
        return Kenmerken(aantal_werkprocessen=0)
    crebo = min(per_crebo, key=lambda c: (-per_crebo[c], c))
    wp = next(w for (c, _code), w in distinct.items() if c == crebo)
    return Kenmerken(
        aantal_werkprocessen=len(distinct),
        crebo=crebo,
        naam=_tekst(wp.get("kwalificatie")),
        niveau=str(wp.get("niveau", "")),
        domein=_tekst(wp.get("domein")),
    )


def _tekst(waarde: Any) -> str:
    # A missing name or domain is stored as empty text (the column is not nullable).
    return "" if waarde is None else str(waarde)
