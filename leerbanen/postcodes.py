"""`import_postcodes FILE`: a beheerder loads a table of 4-digit postcode centroids (CSV with
columns postcode4, lat, lon and optionally bron; the source may also be given as an argument).
All or nothing, idempotent (docs/matching.md). No coordinates are shipped with the product."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from praktijkleren import audit
from praktijkleren.importing import VERPLICHT, ImportErrors, ImportFailed, read_csv
from praktijkleren.importmeldingen import reden

from .matching import vernieuw
from .models import POSTCODE4_RE, PostcodeCentroid

# The Netherlands, generously: a point outside is a typing error (or lat and lon swapped).
LAT = (Decimal("50.5"), Decimal("53.8"))
LON = (Decimal("3.0"), Decimal("7.5"))

GEEN_POSTCODE4 = reden(
    gettext_noop("'%(waarde)s' is not the four digits of a Dutch postcode"),
    gettext_noop("Not a postcode"),
    gettext_noop("Write the four digits of the postcode, e.g. 3511."),
)
GEEN_COORDINAAT = reden(
    gettext_noop("'%(waarde)s' is not a coordinate in the Netherlands (%(min)s to %(max)s)"),
    gettext_noop("Not a coordinate in the Netherlands"),
    gettext_noop(
        "Write decimal degrees with a point, e.g. 52.09; check lat and lon are not swapped."
    ),
)
DUBBEL = reden(
    gettext_noop("postcode %(waarde)s appears more than once (also on line %(regel)s)"),
    gettext_noop("Postcode more than once"),
    gettext_noop("Keep one row per postcode."),
)
GEEN_BRON = reden(
    gettext_noop("no source: give the column bron or the source as an argument"),
    gettext_noop("No source"),
    gettext_noop("Say where the coordinates come from, e.g. 'CBS wijk- en buurtkaart 2025'."),
)


@dataclass
class Resultaat:
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0

    def __str__(self) -> str:
        return (
            f"postcodes: {self.nieuw} nieuw, {self.gewijzigd} gewijzigd, "
            f"{self.ongewijzigd} ongewijzigd"
        )


def _coordinaat(waarde: str, grenzen: tuple[Decimal, Decimal]) -> Decimal | None:
    try:
        d = Decimal(waarde).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return d if grenzen[0] <= d <= grenzen[1] else None


def importeer_postcodes(path: str | Path, *, bron: str = "", actor: object = None) -> Resultaat:
    """Read and check the whole file, then store every row in one transaction, or nothing
    (raises ImportFailed with every error as `file:line: column: reason`)."""
    errors = ImportErrors(Path(path).name)
    gelezen: dict[str, tuple[int, Decimal, Decimal, str]] = {}
    for row in read_csv(
        path, required=["postcode4", "lat", "lon"], optional=["bron"], errors=errors
    ):
        pc = row["postcode4"]
        if not pc:
            errors.add(row.line, "postcode4", VERPLICHT)
        elif not POSTCODE4_RE.match(pc):
            errors.add(row.line, "postcode4", GEEN_POSTCODE4, waarde=pc)
        elif pc in gelezen:
            errors.add(row.line, "postcode4", DUBBEL, waarde=pc, regel=gelezen[pc][0])
        waarden = []
        for kolom, grenzen in (("lat", LAT), ("lon", LON)):
            d = _coordinaat(row[kolom], grenzen)
            if d is None:
                errors.add(
                    row.line,
                    kolom,
                    GEEN_COORDINAAT,
                    waarde=row[kolom],
                    min=grenzen[0],
                    max=grenzen[1],
                )
            waarden.append(d)
        rij_bron = row["bron"] or bron.strip()
        if not rij_bron:
            errors.add(row.line, "bron", GEEN_BRON)
        lat, lon = waarden
        if POSTCODE4_RE.match(pc) and pc not in gelezen and lat is not None and lon is not None:
            gelezen[pc] = (row.line, lat, lon, rij_bron[:300])
    if errors:
        raise ImportFailed(errors.messages)
    return _bewaar(gelezen, actor)


@transaction.atomic
def _bewaar(gelezen: dict[str, tuple[int, Decimal, Decimal, str]], actor: object) -> Resultaat:
    resultaat = Resultaat()
    nu = timezone.now()
    bestaand = {
        c.postcode4: c for c in PostcodeCentroid.objects.filter(postcode4__in=list(gelezen))
    }
    nieuw, gewijzigd = [], []
    for pc, (_line, lat, lon, bron) in gelezen.items():
        c = bestaand.get(pc)
        if c is None:
            nieuw.append(
                PostcodeCentroid(postcode4=pc, lat=lat, lon=lon, bron=bron, geimporteerd_op=nu)
            )
        elif (c.lat, c.lon, c.bron) != (lat, lon, bron):
            c.lat, c.lon, c.bron, c.geimporteerd_op = lat, lon, bron, nu
            gewijzigd.append(c)
        else:
            resultaat.ongewijzigd += 1
    PostcodeCentroid.objects.bulk_create(nieuw, batch_size=1000)
    PostcodeCentroid.objects.bulk_update(
        gewijzigd, ["lat", "lon", "bron", "geimporteerd_op"], batch_size=1000
    )
    resultaat.nieuw, resultaat.gewijzigd = len(nieuw), len(gewijzigd)
    if nieuw or gewijzigd:
        # Bulk writes send no signals: the kept matching lists are out of date.
        vernieuw()
        eerste = PostcodeCentroid.objects.order_by("pk").first()
        if eerste is not None:
            audit.record(
                actor=actor, action="postcodes.import", obj=eerste,
                changes={"nieuw": resultaat.nieuw, "gewijzigd": resultaat.gewijzigd},
            )  # fmt: skip
    return resultaat
