"""The matching list: every open leerbaan of the candidate's pilot ranked by fit with the advice
and the wishes, nearness, recognition, start window and hours, with the reasons for each row's
score (docs/matching.md is the description; this module is the rule).

The ranking reads a constant number of narrow queries (tuples, no model instances) whatever the
number of leerbanen, scores in Python, and loads full rows only for the page shown.

A candidate's ranked list is kept in the cache (`Gerangschikt`, in pages) per version of the data it
rests on: any save or delete of a leerbaan, a match, a search, a recognition, a postcode
centroid, a kwalificatie or a pilot, and any change of their crebos and werkprocessen, makes a
new version (`vernieuw`, connected in `apps.py`), so the next reader ranks again. A page
loads only the leerbanen of its own rows. A change no signal sees is covered by the
time limit; without a cache (Redis down) every request ranks.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.models import Erkenning
from kwalificaties.models import Kwalificatie
from praktijkleren.versies import DataVersie

from .constants import LOPENDE_MATCHES, LeerbaanStatus, MatchStatus
from .models import Leerbaan, Match, PostcodeCentroid, Zoekvraag

logger = logging.getLogger(__name__)

# The weights (docs/matching.md). The most a leerbaan can score is 125.
ZELFDE_CREBO = 40
ZELFDE_SECTOR = 15
WERKPROCESSEN = 30  # times the share of the wished werkprocessen it teaches
ZELFDE_GEMEENTE = 20
AFSTAND_MAX = 20  # within AFSTAND_VOL km; nothing from AFSTAND_NUL km
AFSTAND_VOL, AFSTAND_NUL = 5.0, 50.0
ZELFDE_SUBREGIO = 12
ZELFDE_REGIO = 5
ERKEND = 15
AANGEVRAAGD = 5
START_PAST = 10
START_BINNEN_MAAND = 5
UREN_PASSEN = 10  # within UREN_MARGE hours of the wish
UREN_BIJNA = 5  # within 2 x UREN_MARGE
UREN_MARGE = 4


# What each kind of reason says (translated only for the rows shown: the ranking makes a few
# reasons for each of thousands of leerbanen).
TEKSTEN: dict[str, Any] = {
    "crebo": gettext_lazy("same crebo"),
    "sector": gettext_lazy("same sector"),
    "werkprocessen": gettext_lazy("%(n)d of %(m)d werkprocessen"),
    "km": gettext_lazy("%(km)d km away"),
    "gemeente": gettext_lazy("same gemeente"),
    "subregio": gettext_lazy("same subregio"),
    "regio": gettext_lazy("same arbeidsmarktregio"),
    "erkend": gettext_lazy("recognised"),
    "aangevraagd": gettext_lazy("recognition applied for"),
    "niet_erkend": gettext_lazy("not recognised"),
    "start": gettext_lazy("start fits"),
    "start_maand": gettext_lazy("starts within a month"),
    "uren": gettext_lazy("hours fit"),
    "uren_bijna": gettext_lazy("hours nearly fit"),
}


class Reden(NamedTuple):
    """One part of a score: its kind (a key of TEKSTEN), its points and the numbers it names."""

    soort: str
    punten: int
    n: int = 0
    m: int = 0

    @property
    def tekst(self) -> str:
        tekst = str(TEKSTEN[self.soort])
        if self.soort == "werkprocessen":
            return tekst % {"n": self.n, "m": self.m}
        if self.soort == "km":
            return tekst % {"km": self.n}
        return tekst

    def __str__(self) -> str:
        return f"{self.tekst} +{self.punten}"


@dataclass(slots=True)
class Rij:
    leerbaan_id: int
    score: int
    redenen: list[Reden]
    afstand_km: float | None
    start_vanaf: date
    match_status: str = ""  # a running proposal or acceptance for this candidate
    leerbaan: Leerbaan | None = field(default=None)

    @property
    def uitleg(self) -> str:
        return ", ".join(str(r) for r in self.redenen)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (lat, lon) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def afstand_punten(km: float) -> int:
    if km <= AFSTAND_VOL:
        return AFSTAND_MAX
    if km >= AFSTAND_NUL:
        return 0
    return round(AFSTAND_MAX * (AFSTAND_NUL - km) / (AFSTAND_NUL - AFSTAND_VOL))


def kandidaten(leerbanen: QuerySet[Leerbaan], zoekvraag: Zoekvraag, vandaag: date) -> QuerySet:
    """The leerbanen that can be ranked: open, in the candidate's pilot, start window not
    passed. Full ones are left out after counting their places."""
    return leerbanen.filter(
        pilot_id=zoekvraag.deelnemer.pilot_id, status=LeerbaanStatus.OPEN, start_tot__gte=vandaag
    ).order_by()


@dataclass
class _Wensen:
    kwalificaties: set[int]
    werkprocessen: dict[int, int]  # werkproces id -> its kwalificatie id
    sector: set[int]  # kwalificaties of the wished sector
    centroid: tuple[float, float] | None


def _wensen(zoekvraag: Zoekvraag) -> _Wensen:
    kwal = set(zoekvraag.kwalificaties.values_list("pk", flat=True))
    wps = dict(zoekvraag.werkprocessen.values_list("pk", "kwalificatie_id"))
    sector = (
        set(
            Kwalificatie.objects.filter(domein__iexact=zoekvraag.sector).values_list(
                "pk", flat=True
            )
        )
        if zoekvraag.sector
        else set()
    )
    return _Wensen(kwal, wps, sector, None)


def rangschik(
    leerbanen: QuerySet[Leerbaan], zoekvraag: Zoekvraag, *, vandaag: date | None = None
) -> list[Rij]:
    """Every rankable leerbaan for the candidate, best first, each with its score and reasons.
    `leerbanen` is the user's scoped queryset (`Leerbaan.objects.for_user(user)`)."""
    vandaag = vandaag or timezone.localdate()
    basis = kandidaten(leerbanen, zoekvraag, vandaag)
    wens = _wensen(zoekvraag)
    pilot = zoekvraag.deelnemer.pilot
    rijen = list(
        basis.values_list(
            "pk", "organisatie_id", "plaats", "postcode4", "subregio_id", "uren_per_week",
            "start_vanaf", "start_tot", "plaatsen",
        )
    )  # fmt: skip
    if not rijen:
        return []
    ids = basis.values("pk")
    bezet = dict(
        Match.objects.filter(leerbaan__in=ids, status=MatchStatus.GEACCEPTEERD)
        .values("leerbaan_id")
        .annotate(n=Count("pk"))
        .values_list("leerbaan_id", "n")
    )
    kwal: dict[int, set[int]] = defaultdict(set)
    for lb, k in Leerbaan.kwalificaties.through.objects.filter(leerbaan__in=ids).values_list(
        "leerbaan_id", "kwalificatie_id"
    ):
        kwal[lb].add(k)
    lb_wps: dict[int, set[int]] = defaultdict(set)
    expliciet: dict[int, set[int]] = defaultdict(set)  # crebos with werkprocessen of their own
    if wens.werkprocessen:
        for lb, wp, k in Leerbaan.werkprocessen.through.objects.filter(
            leerbaan__in=ids, werkproces__kwalificatie_id__in=set(wens.werkprocessen.values())
        ).values_list("leerbaan_id", "werkproces_id", "werkproces__kwalificatie_id"):
            lb_wps[lb].add(wp)
            expliciet[lb].add(k)
    erkend: dict[tuple[int, int], str] = {
        (o, k): s
        for o, k, s in Erkenning.objects.filter(
            soort=ErkenningSoort.LEERBEDRIJF, organisatie_id__in=basis.values("organisatie_id")
        ).values_list("organisatie_id", "kwalificatie_id", "status")
    }
    centroids: dict[str, tuple[float, float]] = {}
    if zoekvraag.postcode4:
        centroids = {
            p: (float(lat), float(lon))
            for p, lat, lon in PostcodeCentroid.objects.filter(
                Q(postcode4=zoekvraag.postcode4) | Q(postcode4__in=basis.values("postcode4"))
            ).values_list("postcode4", "lat", "lon")
        }
    wens.centroid = centroids.get(zoekvraag.postcode4)
    lopend = dict(
        Match.objects.filter(
            zoekvraag=zoekvraag, leerbaan__in=ids, status__in=LOPENDE_MATCHES
        ).values_list("leerbaan_id", "status")
    )
    context = _Context(zoekvraag, wens, pilot, vandaag, kwal, lb_wps, expliciet, erkend, centroids)
    result = []
    for pk, org, plaats, pc4, subregio, uren, van, tot, plaatsen in rijen:
        if bezet.get(pk, 0) >= plaatsen and pk not in lopend:
            continue  # full
        rij = context.score(pk, org, plaats, pc4, subregio, uren, van, tot)
        rij.match_status = lopend.get(pk, "")
        result.append(rij)
    inf = float("inf")
    result.sort(
        key=lambda r: (
            -r.score,
            r.afstand_km if r.afstand_km is not None else inf,
            r.start_vanaf,
            r.leerbaan_id,
        )
    )
    return result


@dataclass
class _Context:
    zoekvraag: Zoekvraag
    wens: _Wensen
    pilot: Any
    vandaag: date
    kwal: dict[int, set[int]]
    lb_wps: dict[int, set[int]]
    expliciet: dict[int, set[int]]
    erkend: dict[tuple[int, int], str]
    centroids: dict[str, tuple[float, float]]

    def score(
        self, pk: int, org: int, plaats: str, pc4: str, subregio: int | None, uren: int,
        van: date, tot: date,
    ) -> Rij:  # fmt: skip
        redenen: list[Reden] = []
        crebos = self.kwal.get(pk, set())
        gedeeld = crebos & self.wens.kwalificaties
        if gedeeld:
            redenen.append(Reden("crebo", ZELFDE_CREBO))
        elif crebos & self.wens.sector:
            redenen.append(Reden("sector", ZELFDE_SECTOR))
        if self.wens.werkprocessen:
            eigen, expliciet = self.lb_wps.get(pk, set()), self.expliciet.get(pk, set())
            n = sum(
                1
                for wp, k in self.wens.werkprocessen.items()
                if wp in eigen or (k in crebos and k not in expliciet)
            )
            m = len(self.wens.werkprocessen)
            if n:
                redenen.append(Reden("werkprocessen", round(WERKPROCESSEN * n / m), n, m))
        afstand = self._nabijheid(redenen, plaats, pc4, subregio)
        self._erkenning(redenen, org, gedeeld or crebos)
        self._start(redenen, van, tot)
        self._uren(redenen, uren)
        score = sum(r.punten for r in redenen)
        return Rij(pk, score, redenen, afstand, van)

    def _nabijheid(
        self, redenen: list[Reden], plaats: str, pc4: str, subregio: int | None
    ) -> float | None:
        """Distance between the postcode centroids where both are loaded; otherwise the same
        gemeente, subregio or arbeidsmarktregio."""
        hier = self.centroids.get(pc4)
        if self.wens.centroid is not None and hier is not None:
            km = haversine_km(self.wens.centroid, hier)
            redenen.append(Reden("km", afstand_punten(km), round(km)))
            return km
        zk = self.zoekvraag
        if zk.plaats and plaats.strip().casefold() == zk.plaats.strip().casefold():
            redenen.append(Reden("gemeente", ZELFDE_GEMEENTE))
        elif zk.subregio_id and subregio == zk.subregio_id:
            redenen.append(Reden("subregio", ZELFDE_SUBREGIO))
        elif self.pilot.arbeidsmarktregio:
            redenen.append(Reden("regio", ZELFDE_REGIO))
        return None

    def _erkenning(self, redenen: list[Reden], org: int, crebos: set[int]) -> None:
        """The leerbedrijf's SBB recognition for the crebos that matter: those it shares with
        the wishes, or else all it can teach."""
        statussen = {self.erkend.get((org, k), ErkenningStatus.GEEN) for k in crebos}
        if statussen and statussen <= {ErkenningStatus.ERKEND}:
            redenen.append(Reden("erkend", ERKEND))
        elif statussen and statussen <= {ErkenningStatus.ERKEND, ErkenningStatus.AANGEVRAAGD}:
            redenen.append(Reden("aangevraagd", AANGEVRAAGD))
        else:
            redenen.append(Reden("niet_erkend", 0))

    def _start(self, redenen: list[Reden], van: date, tot: date) -> None:
        wens = max(self.zoekvraag.start_vanaf or self.vandaag, self.vandaag)
        if van <= wens <= tot:
            redenen.append(Reden("start", START_PAST))
        elif wens < van and (van - wens).days <= 30:
            redenen.append(Reden("start_maand", START_BINNEN_MAAND))

    def _uren(self, redenen: list[Reden], uren: int) -> None:
        if self.zoekvraag.uren_per_week is None:
            return
        verschil = abs(uren - self.zoekvraag.uren_per_week)
        if verschil <= UREN_MARGE:
            redenen.append(Reden("uren", UREN_PASSEN))
        elif verschil <= 2 * UREN_MARGE:
            redenen.append(Reden("uren_bijna", UREN_BIJNA))


def met_leerbanen(rijen: list[Rij]) -> list[Rij]:
    """The rows of one page with their leerbaan, leerbedrijf and crebos (two queries); a row
    whose leerbaan is gone is left out."""
    objecten = (
        Leerbaan.objects.select_related("organisatie", "subregio")
        .prefetch_related("kwalificaties")
        .in_bulk([r.leerbaan_id for r in rijen])
    )
    for r in rijen:
        r.leerbaan = objecten.get(r.leerbaan_id)
    return [r for r in rijen if r.leerbaan is not None]


# --- the order kept in the cache -----------------------------------------------------------

# At most this stale for a change no signal saw (seconds).
GELDIG = 10 * 60
MATCHING = DataVersie("leerbanen:matching:versie", "matching lists")
_versie = MATCHING.huidige
# The data of the rankings changed: the next reader of any matching list ranks again.
vernieuw = MATCHING.vernieuw


# One ranked row as kept: (leerbaan id, score, reasons as tuples, distance, start, match status).
Bewaard = tuple[int, int, tuple[tuple[str, int, int, int], ...], float | None, date, str]


def _bewaar(r: Rij) -> Bewaard:
    redenen = tuple((x.soort, x.punten, x.n, x.m) for x in r.redenen)
    return (r.leerbaan_id, r.score, redenen, r.afstand_km, r.start_vanaf, r.match_status)


def rij(bewaard: Bewaard) -> Rij:
    """A kept row as the page shows it."""
    pk, score, redenen, afstand, van, status = bewaard
    return Rij(pk, score, [Reden(*r) for r in redenen], afstand, van, status)


class Gerangschikt:
    """A candidate's ranked list (`rangschik`), kept in the cache in pages of `per_pagina` rows
    per version of the data, candidate, day and `scope` (what of the leerbanen the reader sees:
    "pilot" for everyone who sees all of the pilot's leerbanen, else the user's own key). A
    page load reads the number of rows and its own page, never the whole list; when either is
    missing the list is ranked once and every page kept. A sequence for Django's Paginator:
    `len()` and the slice of one page."""

    def __init__(
        self,
        leerbanen: QuerySet[Leerbaan],
        zoekvraag: Zoekvraag,
        *,
        scope: str,
        vandaag: date,
        per_pagina: int,
    ) -> None:
        self.leerbanen, self.zoekvraag, self.vandaag = leerbanen, zoekvraag, vandaag
        self.per_pagina = per_pagina
        self._alle: list[Bewaard] | None = None
        self._gelezen: dict[str, Any] = {}  # read ahead in one round trip (`lees_vooraf`)
        try:
            self._sleutel: str | None = (
                f"leerbanen:matching:{zoekvraag.pk}:{vandaag.isoformat()}:{scope}:"
                f"{per_pagina}:{_versie()}"
            )
        except Exception:
            logger.warning("Cache unavailable: matching list ranked for this request")
            self._sleutel = None

    def _reken(self) -> list[Bewaard]:
        if self._alle is None:
            self._alle = [
                _bewaar(r) for r in rangschik(self.leerbanen, self.zoekvraag, vandaag=self.vandaag)
            ]
            if self._sleutel is not None:
                per = self.per_pagina
                pagina = {
                    f"{self._sleutel}:p{i // per}": self._alle[i : i + per]
                    for i in range(0, len(self._alle), per)
                }
                try:
                    cache.set_many({**pagina, f"{self._sleutel}:n": len(self._alle)}, GELDIG)
                except Exception:
                    logger.warning("Cache unavailable: matching list not kept")
        return self._alle

    def _lees(self, achter: str) -> Any:
        if self._alle is not None or self._sleutel is None:
            return None
        return self._lees_sleutel(f"{self._sleutel}:{achter}")

    def lees_vooraf(self, nummer: int, delen: list[tuple[str, str]]) -> None:
        """Read in one round trip to the cache what a load of page `nummer` (0-based) needs:
        the number of rows, the page, and the rendered `delen` ((part, variant) as `html`
        takes them). What is not there is computed as usual."""
        if self._sleutel is None:
            return
        sleutels = [f"{self._sleutel}:n", f"{self._sleutel}:p{nummer}"] + [
            self._html_sleutel(deel, variant) for deel, variant in delen
        ]
        try:
            self._gelezen = cache.get_many(sleutels)
        except Exception:
            logger.warning("Cache unavailable: matching list ranked for this request")
            self._sleutel = None

    def _lees_sleutel(self, sleutel: str) -> Any:
        if sleutel in self._gelezen:
            return self._gelezen[sleutel]
        try:
            return cache.get(sleutel)
        except Exception:
            logger.warning("Cache unavailable: matching list ranked for this request")
            self._sleutel = None
            return None

    def __len__(self) -> int:
        n = self._lees("n")
        return n if n is not None else len(self._reken())

    def html(self, deel: str, variant: str, maak: Callable[[], str]) -> str:
        """A rendered part of the page (`maak()`): the wishes, or the rows of one page, kept
        beside the ranked pages for this version of the data; `variant` names everything else
        the part depends on (the language, whether the reader may propose)."""
        sleutel = self._html_sleutel(deel, variant)
        kept = self._lees_sleutel(sleutel) if self._sleutel is not None else None
        if kept is not None:
            return str(kept)
        html = maak()
        if self._sleutel is not None:
            try:
                cache.set(sleutel, html, GELDIG)
            except Exception:
                logger.warning("Cache unavailable: matching page not kept")
        return html

    def _html_sleutel(self, deel: str, variant: str) -> str:
        return f"{self._sleutel}:html:{deel}:{variant}"

    def __getitem__(self, deel: slice) -> list[Bewaard]:
        begin = deel.start or 0
        nummer = begin // self.per_pagina
        rijen = self._lees(f"p{nummer}")
        if rijen is None:
            return self._reken()[deel]
        eerste = nummer * self.per_pagina
        eind = None if deel.stop is None else deel.stop - eerste
        return rijen[begin - eerste : eind]
