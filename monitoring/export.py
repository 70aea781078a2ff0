"""The national monitor export (`monitor_export`), contract in ../shared/formats/IMPORT_EXPORT.md.

Counts only, never personal data. What is counted on a peildatum:
- participants as `definities.deelnemers` defines them (someone who started a route; the
  inschrijfdatum is the start of their first started traject) with inschrijfdatum <= peildatum;
- their verklaringen: register entries (`verklaringen.Registratie`, issued in the product or
  imported) with status `geldig` and `uitgegeven_op` <= peildatum. Revoked and superseded entries
  are not counted (a superseding correction is counted instead).
A participant's einddatum and "active in a period" are those of `definities`; their
leerbedrijven are their trajecten's plus those on their counted
verklaringen. A verklaring's werkprocessen, niveau and domein are read from the register entry
(as printed); brancheorganisaties recorded on it (the mbo records them per kwalificatie when
it issues a verklaring in the product; "niet geregistreerd" where none was recorded).

A fixed number of queries whatever the number of pilots: the counts over participants are
aggregated in the database; the verklaringen are read once (one row each, with their position per
participant from a window function) because their kwalificatie follows from their JSON list of
werkprocessen.

With `aanvullend=True` the additional tables of `tabellen` follow the contract's keys (the
contract's consumers get exactly the contract without it).
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber

from deelnemers.constants import Geslacht
from deelnemers.models import Deelnemer
from kwalificaties.constants import Niveau
from pilots.models import Pilot
from praktijkleren.spreadsheet import CsvWriter, xlsx_bytes, xlsx_rij, xlsx_werkmap
from trajecten.models import Traject
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from . import definities
from .cijfers import bewaard
from .tabellen import aanvullende_tabellen

LEEFTIJDSGROEPEN = ["17 en jonger", "18-22", "23-27", "28-54", "55 en ouder"]
NIET_GEREGISTREERD = "niet geregistreerd"
ONBEKEND = "onbekend"


def _deelnemers(peildatum: date, pilot: Pilot | None) -> QuerySet[Deelnemer]:
    return definities.deelnemers(pilot=pilot, peildatum=peildatum)


def _verklaringen(peildatum: date, pilot: Pilot | None) -> QuerySet[Registratie]:
    return Registratie.objects.filter(
        status=RegistratieStatus.GELDIG,
        uitgegeven_op__lte=peildatum,
        deelnemer__in=_deelnemers(peildatum, pilot).values("pk"),
    )


def _per_leeftijdsgroep(rijen: list[definities.Looptijd]) -> dict[str, int]:
    """Participants per age group (age in whole years on the inschrijfdatum)."""
    grenzen = [(17, LEEFTIJDSGROEPEN[0]), (22, LEEFTIJDSGROEPEN[1]), (27, LEEFTIJDSGROEPEN[2]),
               (54, LEEFTIJDSGROEPEN[3])]  # fmt: skip
    groepen: Counter[str] = Counter()
    for r in rijen:
        d, g = r.inschrijfdatum, r.geboortedatum
        leeftijd = d.year - g.year - ((d.month, d.day) < (g.month, g.day))
        groepen[
            next((naam for grens, naam in grenzen if leeftijd <= grens), LEEFTIJDSGROEPEN[4])
        ] += 1
    return dict(groepen)


def _posities(n: Counter[int]) -> dict[str, int]:
    return {
        "verklaring_1": n[1],
        "verklaring_2": n[2],
        "verklaring_3_of_meer": sum(v for k, v in n.items() if k >= 3),
        "totaal": sum(n.values()),
    }


def _kwalificatie(werkprocessen: list[dict[str, Any]]) -> tuple[int, dict[str, Any] | None]:
    """The number of distinct werkprocessen, and the qualification contributing most of them
    (a tie goes to the lowest crebo)."""
    distinct: dict[tuple[str, str], dict[str, Any]] = {}
    for wp in werkprocessen:
        distinct.setdefault((str(wp.get("crebo", "")), str(wp.get("code", ""))), wp)
    per_crebo = Counter(crebo for crebo, _code in distinct)
    if not per_crebo:
        return 0, None
    crebo = min(per_crebo, key=lambda c: (-per_crebo[c], c))
    wp = next(w for (c, _code), w in distinct.items() if c == crebo)
    return len(distinct), {
        "crebo": crebo,
        "naam": wp.get("kwalificatie", ""),
        "niveau": str(wp.get("niveau", "")),
        "domein": wp.get("domein", ""),
    }


@contextmanager
def _zonder_jit() -> Iterator[None]:
    """PostgreSQL without JIT compilation for the export's queries (issue 16: at national scale
    compiling one plan cost ~145 ms, more than running it). Local to this transaction and set
    back afterwards, also inside an outer transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        (voor,) = cursor.fetchone()
        cursor.execute("SET LOCAL jit = off")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('jit', %s, true)", [voor])


def monitor_export(
    *, peildatum: date, pilot: Pilot | None = None, aanvullend: bool = False
) -> dict[str, Any]:
    """The monitor export on the peildatum, national or for one pilot (counts only); with
    `aanvullend` the additional tables (`tabellen.AANVULLENDE_TABELLEN`) follow the contract's."""

    def maak() -> dict[str, Any]:
        with _zonder_jit():
            return _monitor_export(peildatum=peildatum, pilot=pilot, aanvullend=aanvullend)

    return bewaard(
        peildatum=peildatum,
        pilot_id=pilot.pk if pilot is not None else None,
        aanvullend=aanvullend,
        maak=maak,
    )


def _monitor_export(*, peildatum: date, pilot: Pilot | None, aanvullend: bool) -> dict[str, Any]:
    pilots = list(
        (Pilot.objects.filter(pk=pilot.pk) if pilot is not None else Pilot.objects.all())
        .order_by("code")
        .values("pk", "code", "naam", "soort", "tranche")
    )
    deelnemers = _deelnemers(peildatum, pilot).order_by()

    per_pilot_d: dict[int, dict[str, Any]] = {
        row["pilot_id"]: dict(row)
        for row in deelnemers.values("pilot_id").annotate(
            deelnemers=Count("pk"),
            man=Count("pk", filter=Q(geslacht=Geslacht.MAN)),
            vrouw=Count("pk", filter=Q(geslacht=Geslacht.VROUW)),
            x=Count("pk", filter=Q(geslacht=Geslacht.X)),
        )
    }
    rijen = definities.looptijden(pilot=pilot, peildatum=peildatum)
    groepen = _per_leeftijdsgroep(rijen)
    per_mbo = Counter[str]()
    for naam, n in deelnemers.values_list("mbo_instelling__naam").annotate(n=Count("pk")):
        per_mbo[naam or ONBEKEND] += n

    # Leerbedrijven: the participants' trajecten plus their counted verklaringen.
    verklaringen_qs = _verklaringen(peildatum, pilot)
    leerbedrijven: set[tuple[int, int]] = set(
        Traject.objects.filter(deelnemer__in=deelnemers.values("pk"), leerbedrijf__isnull=False)
        .order_by()
        .values_list("deelnemer__pilot_id", "leerbedrijf_id")
        .distinct()
    )
    onbekend = dict(
        deelnemers.filter(
            ~Exists(Traject.objects.filter(deelnemer=OuterRef("pk"), leerbedrijf__isnull=False)),
            ~Exists(verklaringen_qs.filter(deelnemer=OuterRef("pk"), leerbedrijf__isnull=False)),
        )
        .values_list("pilot_id")
        .annotate(n=Count("pk"))
    )

    # The verklaringen, one row each, with their position among the participant's ones.
    verklaringen = verklaringen_qs.order_by().annotate(
        positie=Window(
            RowNumber(),
            partition_by=[F("deelnemer_id")],
            order_by=[F("uitgegeven_op").asc(), F("volgnummer").asc(), F("pk").asc()],
        )
    )
    v_per_pilot: Counter[int] = Counter()
    met_verklaring: dict[int, set[int]] = defaultdict(set)
    niveau_v: Counter[str] = Counter()
    niveau_d: dict[str, set[int]] = defaultdict(set)
    per_domein: Counter[str] = Counter()
    per_kwal: dict[str, Counter[int]] = defaultdict(Counter)
    kwal_info: dict[str, dict[str, Any]] = {}
    per_aantal: Counter[int] = Counter()
    per_branche: dict[str, Counter[int]] = defaultdict(Counter)
    for pilot_id, deelnemer_id, lb_id, wps, branches, positie in verklaringen.values_list(
        "pilot_id", "deelnemer_id", "leerbedrijf_id", "werkprocessen", "brancheorganisaties",
        "positie",
    ):  # fmt: skip
        v_per_pilot[pilot_id] += 1
        met_verklaring[pilot_id].add(deelnemer_id)
        if lb_id is not None:
            leerbedrijven.add((pilot_id, lb_id))
        aantal, kwal = _kwalificatie(wps or [])
        per_aantal[aantal] += 1
        if kwal is not None:
            niveau_v[kwal["niveau"]] += 1
            niveau_d[kwal["niveau"]].add(deelnemer_id)
            per_domein[kwal["domein"]] += 1
            per_kwal[kwal["crebo"]][positie] += 1
            kwal_info.setdefault(kwal["crebo"], kwal)
        naam = ", ".join(sorted(branches)) if branches else NIET_GEREGISTREERD
        per_branche[naam][positie] += 1

    lb_per_pilot: dict[int, set[int]] = defaultdict(set)
    for pilot_id, lb_id in leerbedrijven:
        lb_per_pilot[pilot_id].add(lb_id)

    per_pilot = []
    for p in pilots:
        d = per_pilot_d.get(p["pk"], {})
        per_pilot.append(
            {
                "pilot": p["code"],
                "naam": p["naam"],
                "soort": p["soort"],
                "tranche": p["tranche"],
                "deelnemers": d.get("deelnemers", 0),
                "man": d.get("man", 0),
                "vrouw": d.get("vrouw", 0),
                "x": d.get("x", 0),
                "deelnemers_met_verklaring": len(met_verklaring[p["pk"]]),
                "verklaringen": v_per_pilot[p["pk"]],
                "leerbedrijven": len(lb_per_pilot[p["pk"]]),
                "leerbedrijf_onbekend": onbekend.get(p["pk"], 0),
            }
        )

    actief = [
        {
            "periode": p.periode,
            "pilots_met_actieve_deelnemers": p.pilots,
            "actieve_deelnemers": p.deelnemers,
        }
        for p in definities.actief_per_periode(pilot=pilot, peildatum=peildatum, rijen=rijen)
    ]

    data = {
        "peildatum": peildatum.isoformat(),
        "totalen": {
            "pilots": len(pilots),
            "deelnemers": sum(row["deelnemers"] for row in per_pilot),
            "deelnemers_met_verklaring": sum(len(s) for s in met_verklaring.values()),
            "verklaringen": sum(v_per_pilot.values()),
            "leerbedrijven": len({lb for _p, lb in leerbedrijven}),
            "leerbedrijf_onbekend": sum(onbekend.values()),
        },
        "per_pilot": per_pilot,
        "leeftijdsgroepen": [
            {"groep": g, "deelnemers": groepen.get(g, 0)} for g in LEEFTIJDSGROEPEN
        ],
        "per_mbo_instelling": [
            {"mbo_instelling": naam, "deelnemers": n} for naam, n in sorted(per_mbo.items())
        ],
        "per_niveau": [
            {"niveau": n, "verklaringen": niveau_v[n], "deelnemers": len(niveau_d[n])}
            for n in Niveau.values
        ],
        "per_domein": [
            {"domein": domein, "verklaringen": n} for domein, n in sorted(per_domein.items())
        ],
        "per_kwalificatie": [
            {
                "crebo": crebo,
                "naam": kwal_info[crebo]["naam"],
                "niveau": kwal_info[crebo]["niveau"],
                **_posities(per_kwal[crebo]),
            }
            for crebo in sorted(per_kwal)
        ],
        "werkprocessen_per_verklaring": [
            {"werkprocessen": aantal, "verklaringen": n} for aantal, n in sorted(per_aantal.items())
        ],
        "per_brancheorganisatie": [
            {"brancheorganisaties": naam, **_posities(per_branche[naam])}
            for naam in sorted(per_branche)
        ],
        "actief_per_periode": actief,
    }
    if aanvullend:
        data.update(
            aanvullende_tabellen(
                deelnemers,
                van=None,
                tot=peildatum,
                pilots=[Pilot(pk=p["pk"], code=p["code"]) for p in pilots],
            )
        )
    return data


def als_tabellen(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The export as flat tables (one CSV file or XLSX sheet each); `totalen` is one row that
    also carries the peildatum."""
    tabellen: dict[str, list[dict[str, Any]]] = {
        "totalen": [{"peildatum": data["peildatum"], **data["totalen"]}]
    }
    for key, value in data.items():
        if isinstance(value, list):
            tabellen[key] = value
    return tabellen


def als_csv(tabellen: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """One CSV text per table (file name -> content), the keys as header row; a text that a
    spreadsheet would read as a formula starts with `'` (praktijkleren.spreadsheet)."""
    result = {}
    for naam, rows in tabellen.items():
        out = io.StringIO()
        writer = CsvWriter(out, lineterminator="\n")
        if rows:
            writer.writerow(list(rows[0]))
            writer.writerows(list(row.values()) for row in rows)
        result[f"{naam}.csv"] = out.getvalue()
    return result


def als_csv_zip(tabellen: dict[str, list[dict[str, Any]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for naam, text in als_csv(tabellen).items():
            archive.writestr(naam, text)
    return buffer.getvalue()


def als_xlsx(tabellen: dict[str, list[dict[str, Any]]]) -> bytes:
    """One sheet per table, the keys as header row (text never becomes a formula)."""
    workbook = xlsx_werkmap()
    for naam, rows in tabellen.items():
        sheet = workbook.create_sheet(naam[:31])
        if rows:
            xlsx_rij(sheet, list(rows[0]))
            for row in rows:
                xlsx_rij(sheet, row.values())
    return xlsx_bytes(workbook)
