"""The national monitor export (`monitor_export`), contract in ../shared/formats/IMPORT_EXPORT.md.

Counts only, never personal data. What is counted on a peildatum:
- participants (`Deelnemer`) with inschrijfdatum (`aangemeld_op`) <= peildatum;
- their verklaringen: register entries (`verklaringen.Registratie`, issued in the product or
  imported) with status `geldig` and `uitgegeven_op` <= peildatum. Revoked and superseded entries
  are not counted (a superseding correction is counted instead).
A participant's einddatum is the latest einddatum of their trajecten when none is planned or
running, else empty; their leerbedrijven are their trajecten's plus those on their counted
verklaringen. A verklaring's werkprocessen, niveau and domein are read from the register entry
(as printed); brancheorganisaties recorded on it (the mbo records them per kwalificatie when
it issues a verklaring in the product; "niet geregistreerd" where none was recorded).

A fixed number of queries whatever the number of pilots: the counts over participants are
aggregated in the database; the verklaringen are read once (one row each, with their position per
participant from a window function) because their kwalificatie follows from their JSON list of
werkprocessen.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, RowNumber, TruncMonth

from deelnemers.constants import Geslacht
from deelnemers.models import Deelnemer
from kwalificaties.constants import Niveau
from pilots.models import Pilot
from trajecten.constants import TrajectStatus
from trajecten.models import Traject
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

LEEFTIJDSGROEPEN = ["17 en jonger", "18-22", "23-27", "28-54", "55 en ouder"]
NIET_GEREGISTREERD = "niet geregistreerd"
ONBEKEND = "onbekend"


def _deelnemers(peildatum: date, pilot: Pilot | None) -> QuerySet[Deelnemer]:
    qs = Deelnemer.objects.filter(aangemeld_op__lte=peildatum)
    return qs.filter(pilot=pilot) if pilot is not None else qs


def _verklaringen(peildatum: date, pilot: Pilot | None) -> QuerySet[Registratie]:
    return Registratie.objects.filter(
        status=RegistratieStatus.GELDIG,
        uitgegeven_op__lte=peildatum,
        deelnemer__in=_deelnemers(peildatum, pilot).values("pk"),
    )


def _met_einddatum(qs: QuerySet[Deelnemer]) -> QuerySet[Deelnemer]:
    open_traject = Traject.objects.filter(
        deelnemer=OuterRef("pk"), status__in=[TrajectStatus.GEPLAND, TrajectStatus.LOPEND]
    )
    laatste = (
        Traject.objects.filter(deelnemer=OuterRef("pk"))
        .order_by()
        .values("deelnemer")
        .annotate(m=Max("einddatum"))
        .values("m")
    )
    return qs.annotate(
        eind=Case(
            When(Exists(open_traject), then=Value(None, output_field=DateField())),
            default=Subquery(laatste, output_field=DateField()),
            output_field=DateField(),
        )
    )


def _per_leeftijdsgroep(qs: QuerySet[Deelnemer]) -> dict[str, int]:
    """Participants per age group (age in whole years on the inschrijfdatum), counted in the
    database."""
    qs = qs.annotate(
        ma=ExtractMonth("aangemeld_op"),
        da=ExtractDay("aangemeld_op"),
        mg=ExtractMonth("geboortedatum"),
        dg=ExtractDay("geboortedatum"),
    )
    qs = qs.annotate(
        leeftijd=ExtractYear("aangemeld_op")
        - ExtractYear("geboortedatum")
        - Case(
            When(Q(ma__lt=F("mg")) | Q(ma=F("mg"), da__lt=F("dg")), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    qs = qs.annotate(
        groep=Case(
            When(leeftijd__lte=17, then=Value(LEEFTIJDSGROEPEN[0])),
            When(leeftijd__lte=22, then=Value(LEEFTIJDSGROEPEN[1])),
            When(leeftijd__lte=27, then=Value(LEEFTIJDSGROEPEN[2])),
            When(leeftijd__lte=54, then=Value(LEEFTIJDSGROEPEN[3])),
            default=Value(LEEFTIJDSGROEPEN[4]),
        )
    )
    return dict(qs.values_list("groep").annotate(n=Count("pk")).order_by())


def _periode(d: date) -> tuple[int, int]:
    """(year, first month) of the two-month period containing d."""
    return d.year, d.month - (d.month - 1) % 2


def _perioden(van: date, tot: date) -> list[tuple[str, date, date]]:
    jaar, maand = _periode(van)
    eind = _periode(tot)
    result = []
    while (jaar, maand) <= eind:
        eerste = date(jaar, maand, 1)
        volgende = date(jaar + 1, 1, 1) if maand == 11 else date(jaar, maand + 2, 1)
        result.append((f"{jaar}-{maand:02d}/{maand + 1:02d}", eerste, volgende - timedelta(days=1)))
        jaar, maand = volgende.year, volgende.month
    return result


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


def monitor_export(*, peildatum: date, pilot: Pilot | None = None) -> dict[str, Any]:
    """The monitor export on the peildatum, national or for one pilot (counts only)."""
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
    groepen = _per_leeftijdsgroep(deelnemers)
    per_mbo = Counter[str]()
    for naam, n in deelnemers.values_list("mbo_instelling__naam").annotate(n=Count("pk")):
        per_mbo[naam or ONBEKEND] += n

    # Active per period: participants grouped by pilot and start and end month (periods are
    # whole months, so month precision is exact).
    looptijden = list(
        _met_einddatum(deelnemers)
        .annotate(start=TruncMonth("aangemeld_op"), stop=TruncMonth("eind"))
        .values_list("pilot_id", "start", "stop")
        .annotate(n=Count("pk"))
        .order_by()
    )

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

    actief = []
    starts = [start for _p, start, _stop, _n in looptijden]
    if starts:
        for label, eerste, laatste in _perioden(min(starts), peildatum):
            actieve_pilots, n_actief = set(), 0
            for pilot_id, start, stop, n in looptijden:
                # start/stop are first days of months: compare at month precision.
                if start <= laatste and (stop is None or stop >= eerste.replace(day=1)):
                    actieve_pilots.add(pilot_id)
                    n_actief += n
            actief.append(
                {
                    "periode": label,
                    "pilots_met_actieve_deelnemers": len(actieve_pilots),
                    "actieve_deelnemers": n_actief,
                }
            )

    return {
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
    """One CSV text per table (file name -> content), the keys as header row."""
    result = {}
    for naam, rows in tabellen.items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
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
    """One sheet per table, the keys as header row."""
    from openpyxl import Workbook

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    for naam, rows in tabellen.items():
        sheet = workbook.create_sheet(naam[:31])
        if rows:
            sheet.append(list(rows[0]))
            for row in rows:
                sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
