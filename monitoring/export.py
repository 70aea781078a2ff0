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

A fixed number of queries whatever the number of pilots: everything is aggregated in the
database (`aggregates`: one statement over the participants, one over their verklaringen, each
sub-result computed once), Python only puts the groups in order. A verklaring's kwalificatie
(the one contributing most of its werkprocessen), niveau, domein and number of werkprocessen are
stored on the register entry when it is written (`verklaringen.kenmerken`): the JSON list of
werkprocessen is never read. JIT is off for the export's transaction (`_zonder_jit`).

With `aanvullend=True` the additional tables of `tabellen` follow the contract's keys (the
contract's consumers get exactly the contract without it).
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from deelnemers.models import Deelnemer
from kwalificaties.constants import Niveau
from pilots.models import Pilot
from praktijkleren.spreadsheet import CsvWriter, xlsx_bytes, xlsx_rij, xlsx_werkmap
from trajecten.models import Traject
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from . import definities
from .aggregates import Groep, per_deelnemer, per_verklaring, periode_index
from .cijfers import bewaard
from .tabellen import aanvullende_tabellen

LEEFTIJDSGROEPEN = ["17 en jonger", "18-22", "23-27", "28-54", "55 en ouder"]
NIET_GEREGISTREERD = "niet geregistreerd"
ONBEKEND = "onbekend"
_eerste = itemgetter(0)


def _deelnemers(peildatum: date, pilot: Pilot | None) -> QuerySet[Deelnemer]:
    return definities.deelnemers(pilot=pilot, peildatum=peildatum)


def _verklaringen(peildatum: date, pilot: Pilot | None) -> QuerySet[Registratie]:
    return Registratie.objects.filter(
        status=RegistratieStatus.GELDIG,
        uitgegeven_op__lte=peildatum,
        deelnemer__in=_deelnemers(peildatum, pilot).values("pk"),
    )


def _per_leeftijdsgroep(per_leeftijd: dict[int, tuple[int, ...]]) -> dict[str, int]:
    """Participants per age group (age in whole years on the inschrijfdatum)."""
    grenzen = [(17, LEEFTIJDSGROEPEN[0]), (22, LEEFTIJDSGROEPEN[1]), (27, LEEFTIJDSGROEPEN[2]),
               (54, LEEFTIJDSGROEPEN[3])]  # fmt: skip
    groepen: Counter[str] = Counter()
    for leeftijd, (n, *_rest) in per_leeftijd.items():
        groepen[
            next((naam for grens, naam in grenzen if leeftijd <= grens), LEEFTIJDSGROEPEN[4])
        ] += n
    return dict(groepen)


def _actief(
    tabellen: dict[str, dict[Any, tuple[int, ...]]], peildatum: date
) -> list[dict[str, Any]]:
    """Participants active per period and the number of pilots with any, from the period of the
    earliest inschrijfdatum up to that of the peildatum."""
    eerste = next(iter(tabellen["eerste"]), None)
    if eerste is None:
        return []
    result = []
    deelnemers = pilots = 0
    for k in range(eerste, periode_index(peildatum) + 1):
        start, eind = definities.periode_van(date(k * 2 // 12, k * 2 % 12 + 1, 1))
        n, p, *_rest = tabellen["actief"].get(k, (0, 0))
        deelnemers, pilots = deelnemers + n, pilots + p
        result.append(
            {
                "periode": definities.periode_label(start, eind),
                "pilots_met_actieve_deelnemers": pilots,
                "actieve_deelnemers": deelnemers,
            }
        )
    return result


def _posities(rij: Groep) -> dict[str, int]:
    return {
        "verklaring_1": rij.positie_1,
        "verklaring_2": rij.positie_2,
        "verklaring_3_of_meer": rij.positie_3_of_meer,
        "totaal": rij.verklaringen,
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
    pilot_qs = Pilot.objects.filter(pk=pilot.pk) if pilot is not None else Pilot.objects.all()
    pilots = list(pilot_qs.order_by("code").values("pk", "code", "naam", "soort", "tranche"))
    deelnemers = _deelnemers(peildatum, pilot).order_by()

    d, per_veld = per_deelnemer(peildatum, pilot)
    per_mbo = Counter[str]()
    for naam, (n, *_rest) in d["mbo"].items():
        per_mbo[naam or ONBEKEND] += n
    groepen = _per_leeftijdsgroep(d["leeftijd"])

    # Leerbedrijven: the participants' trajecten plus their counted verklaringen; a participant
    # with none counts as `leerbedrijf_onbekend`.
    v = per_verklaring(
        _verklaringen(peildatum, pilot),
        Traject.objects.filter(deelnemer__in=deelnemers.values("pk"), leerbedrijf__isnull=False)
        .order_by()
        .values_list(
            "deelnemer__pilot_id", "leerbedrijf_id", "deelnemer_id", "deelnemer__pilot_id"
        ),
    )
    geen = Groep()
    onbekend = {
        pilot_id: n - v["met_leerbedrijf"].get(pilot_id, geen).verklaringen
        for pilot_id, (n, *_rest) in d["pilot"].items()
    }

    per_pilot: list[dict[str, Any]] = []
    for p in pilots:
        n, man, vrouw, x = d["pilot"].get(p["pk"], (0, 0, 0, 0))
        per_pilot.append(
            {
                "pilot": p["code"],
                "naam": p["naam"],
                "soort": p["soort"],
                "tranche": p["tranche"],
                "deelnemers": n,
                "man": man,
                "vrouw": vrouw,
                "x": x,
                "deelnemers_met_verklaring": v["pilot"].get(p["pk"], geen).deelnemers,
                "verklaringen": v["pilot"].get(p["pk"], geen).verklaringen,
                "leerbedrijven": v["leerbedrijven"].get(p["pk"], geen).verklaringen,
                "leerbedrijf_onbekend": onbekend.get(p["pk"], 0),
            }
        )

    data = {
        "peildatum": peildatum.isoformat(),
        "totalen": {
            "pilots": len(pilots),
            "deelnemers": sum(row["deelnemers"] for row in per_pilot),
            "deelnemers_met_verklaring": sum(r.deelnemers for r in v["pilot"].values()),
            "verklaringen": sum(r.verklaringen for r in v["pilot"].values()),
            "leerbedrijven": v["leerbedrijven"].get(None, geen).verklaringen,
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
            {
                "niveau": n,
                "verklaringen": v["niveau"].get(n, geen).verklaringen,
                "deelnemers": v["niveau"].get(n, geen).deelnemers,
            }
            for n in Niveau.values
        ],
        "per_domein": [
            {"domein": domein, "verklaringen": r.verklaringen}
            for domein, r in sorted(v["domein"].items(), key=_eerste)
        ],
        "per_kwalificatie": [
            {"crebo": crebo, "naam": r.naam, "niveau": r.niveau, **_posities(r)}
            for crebo, r in sorted(v["kwalificatie"].items(), key=_eerste)
        ],
        "werkprocessen_per_verklaring": [
            {"werkprocessen": aantal, "verklaringen": r.verklaringen}
            for aantal, r in sorted(v["aantal"].items(), key=_eerste)
        ],
        "per_brancheorganisatie": [
            {"brancheorganisaties": naam, **_posities(r)}
            for naam, r in sorted(v["branche"].items(), key=_eerste)
        ],
        "actief_per_periode": _actief(d, peildatum),
    }
    if aanvullend:
        data.update(
            aanvullende_tabellen(
                deelnemers,
                van=None,
                tot=peildatum,
                pilots=pilot_qs,
                per_veld=per_veld,
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
