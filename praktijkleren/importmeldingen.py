"""The messages of an import, for people: each error keeps its parts (file, line, column, the
reason as a fixed English text with its values), so the command line prints it as
`file:line: column: reason` while a page shows it translated and grouped by kind, with what to
do. A reason is declared once with `reden(...)`: its text (the msgid), a title for its group and
the advice; every error of that reason is one group."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

_ONZICHTBAAR = re.compile("[\x00-\x1f\x7f-\x9f]")


def zichtbaar(text: str) -> str:
    """Control characters shown as `\\x00`, so an error message is one readable line."""
    return _ONZICHTBAAR.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True)
class Soort:
    """The group a reason's errors are shown in: a title and what to do. With `verzamel` the
    title names `%(n)d` (rows; make it with ngettext_lazy(..., "n")) and `%(waarden)s` (the
    distinct values of that parameter) itself."""

    titel: str | Promise
    advies: str | Promise
    verzamel: str = ""


# reason text (the English msgid) -> its group
REDENEN: dict[str, Soort] = {}
OVERIG = Soort(
    gettext_lazy("Other problems"),
    gettext_lazy("Correct these values in the file and upload it again."),
)


def reden(
    tekst: str, titel: str | Promise, advies: str | Promise, verzamel: str = ""
) -> str:  # fmt: skip
    """Declare a reason (wrap `tekst` in gettext_noop) with its group; returns the text."""
    REDENEN[tekst] = Soort(titel, advies, verzamel)
    return tekst


class Melding(str):
    """One message `file:line: column: reason` in English (a str, as the CLI prints it and
    the import's callers compare it) that keeps its parts for a translated page."""

    bestand: str
    regel: int
    kolom: str
    reden: str
    params: dict[str, Any]

    def __new__(
        cls, bestand: str, regel: int, kolom: str, reden: str, params: dict[str, Any] | None = None
    ) -> Melding:
        params = {k: zichtbaar(str(v)) for k, v in (params or {}).items()}
        tekst = reden % params if params else reden
        obj = super().__new__(cls, f"{bestand}:{regel}: {zichtbaar(kolom)}: {zichtbaar(tekst)}")
        obj.bestand, obj.regel, obj.kolom, obj.reden, obj.params = (
            bestand, regel, zichtbaar(kolom), reden, params
        )  # fmt: skip
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (e.g. by a cache) with its parts
        return (Melding, (self.bestand, self.regel, self.kolom, self.reden, self.params))

    def vertaald(self) -> str:
        """The reason in the active language (as it is when no translation exists)."""
        tekst = _(self.reden) if self.reden else ""
        try:
            return zichtbaar(tekst % self.params if self.params else tekst)
        except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
            return zichtbaar(self.reden % self.params if self.params else self.reden)

    def als_dict(self) -> dict[str, Any]:
        return {
            "bestand": self.bestand,
            "regel": self.regel,
            "kolom": self.kolom,
            "reden": self.reden,
            "params": self.params,
        }

    @classmethod
    def uit(cls, value: str | dict[str, Any]) -> Melding:
        """From its dict (as stored with a preview), or from the plain text of an older one."""
        if isinstance(value, Melding):
            return value
        if isinstance(value, dict):
            return cls(
                value.get("bestand", "-"),
                int(value.get("regel", 0)),
                value.get("kolom", "-"),
                value.get("reden", ""),
                value.get("params") or None,
            )
        bestand, _s, rest = value.partition(":")
        regel, _s, rest = rest.partition(":")
        kolom, _s, tekst = rest.strip().partition(":")
        try:
            nummer = int(regel.strip())
        except ValueError:
            nummer = 0
        # `%` in a plain text must not be read as a placeholder.
        return cls(bestand, nummer, kolom.strip(), tekst.strip().replace("%", "%%"), {"_": ""})


def melding(bestand: str, regel: int, kolom: str, reden: str, **params: Any) -> Melding:
    return Melding(bestand, regel, kolom, reden, params)


@dataclass
class Groep:
    """The errors of one reason: a title with the number of rows, what to do, and each error
    with its file, line and column."""

    titel: str
    advies: str
    aantal_rijen: int
    meldingen: list[dict[str, Any]] = field(default_factory=list)


def groepeer(meldingen: Iterable[str | dict[str, Any]]) -> list[Groep]:
    """The messages grouped by reason, the groups in the order of their first message."""
    per_reden: dict[str, list[Melding]] = {}
    for item in meldingen:
        m = Melding.uit(item)
        sleutel = m.reden if m.reden in REDENEN else ""
        per_reden.setdefault(sleutel, []).append(m)
    groepen = []
    for sleutel, lijst in per_reden.items():
        soort = REDENEN.get(sleutel, OVERIG)
        rijen = len({(m.bestand, m.regel) for m in lijst})
        waarden = sorted({m.params.get(soort.verzamel, "") for m in lijst} - {""})
        if soort.verzamel:  # the title names the count and the values itself
            titel = str(soort.titel % {"n": rijen, "waarden": ", ".join(waarden)})
        else:
            titel = ngettext("%(titel)s (%(n)d row)", "%(titel)s (%(n)d rows)", rijen) % {
                "titel": soort.titel,
                "n": rijen,
            }
        groepen.append(
            Groep(
                titel=titel,
                advies=str(soort.advies),
                aantal_rijen=rijen,
                meldingen=[
                    {
                        "bestand": m.bestand,
                        "regel": m.regel,
                        "kolom": m.kolom,
                        "tekst": m.vertaald(),
                    }
                    for m in lijst
                ],
            )
        )
    return groepen
