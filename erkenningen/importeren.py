"""Reading a CSV of SBB's leerbedrijven register: `;` or `,` (sniffed from the header), UTF-8
with or without BOM, header names case-insensitive (leerbedrijf-ID or leerbedrijf_id, crebo,
status, datum), dates as dd-mm-jjjj or jjjj-mm-dd. Every error is collected as
`file:line: column: reason` (praktijkleren.importing) before anything is stored."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from kwalificaties.models import Kwalificatie
from pilots.models import Organisatie
from praktijkleren.importing import ImportErrors, Row

from .constants import ErkenningStatus

KOLOMMEN = ["leerbedrijf_id", "crebo", "status", "datum"]
CREBO_RE = re.compile(r"^[0-9]{5}$")
NL_DATUM = re.compile(r"^([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})$")
ISO_DATUM = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
LEERBEDRIJF_SOORTEN = ("leerbedrijf", "sw_bedrijf")


@dataclass
class Regel:
    line: int
    organisatie: Organisatie
    kwalificatie: Kwalificatie
    status: str
    datum: date | None


def kolomnaam(header: str) -> str:
    """'Leerbedrijf-ID' and 'leerbedrijf_id' are the same column."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def parse_datum(value: str) -> date | None:
    try:
        if m := NL_DATUM.match(value):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := ISO_DATUM.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def _rijen(raw: bytes, errors: ImportErrors) -> list[Row]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.add(line, "-", _("the file is not UTF-8 (at byte %(byte)d)") % {"byte": exc.start})
        return []
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (
        not lines[skipped].strip() or lines[skipped].lstrip().startswith("#")
    ):
        skipped += 1
    if skipped == len(lines):
        errors.add(skipped + 1, "-", _("the file is empty (a header row is required)"))
        return []
    first = lines[skipped]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO("".join(lines[skipped:]), newline=""), delimiter=delimiter)
    header_line = skipped + 1
    header = [kolomnaam(h) for h in next(reader)]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.add(header_line, name, _("column appears more than once"))
        seen.add(name)
        if name not in KOLOMMEN:
            errors.add(header_line, name or "(empty)", _("unknown column"))
    missing = [name for name in KOLOMMEN if name not in header]
    for name in missing:
        errors.add(header_line, name, _("required column is missing"))
    if missing:
        return []
    rows = []
    start = header_line
    for record in reader:
        line, start = start + 1, skipped + reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.add(
                line,
                "-",
                _("expected %(expected)d cells, found %(found)d")
                % {"expected": len(header), "found": len(record)},
            )
            continue
        rows.append(
            Row(line=line, values={h: c.strip() for h, c in zip(header, record, strict=True)})
        )
    return rows


def lees_register(raw: bytes, errors: ImportErrors) -> list[Regel]:
    """The rows of the file, checked against the organisation registry and the
    kwalificatiestructuur. Errors go to `errors`; the caller stores nothing if there are any."""
    rows = _rijen(raw, errors)
    ids = {r["leerbedrijf_id"] for r in rows}
    crebos = {r["crebo"] for r in rows}
    organisaties = {o.leerbedrijf_id: o for o in Organisatie.objects.filter(leerbedrijf_id__in=ids)}
    kwalificaties = {k.crebo: k for k in Kwalificatie.objects.filter(crebo__in=crebos)}
    vandaag = timezone.localdate()
    seen: dict[tuple[str, str], int] = {}
    regels: list[Regel] = []
    for row in rows:
        ok = True
        for column in KOLOMMEN:
            if not row[column] and column != "datum":
                errors.add(row.line, column, _("required value is empty"))
                ok = False
        lb_id, crebo = row["leerbedrijf_id"], row["crebo"]
        organisatie = organisaties.get(lb_id)
        if lb_id and organisatie is None:
            errors.add(
                row.line, "leerbedrijf_id", _("unknown leerbedrijf-ID '%(id)s'") % {"id": lb_id}
            )
            ok = False
        elif organisatie is not None and organisatie.soort not in LEERBEDRIJF_SOORTEN:
            errors.add(
                row.line,
                "leerbedrijf_id",
                _("'%(id)s' is %(org)s, which is not a leerbedrijf or sw-bedrijf")
                % {"id": lb_id, "org": organisatie.naam},
            )
            ok = False
        kwalificatie = kwalificaties.get(crebo)
        if crebo and not CREBO_RE.match(crebo):
            errors.add(
                row.line,
                "crebo",
                _("'%(crebo)s' is not a five-digit crebo number") % {"crebo": crebo},
            )
            ok = False
        elif crebo and kwalificatie is None:
            errors.add(row.line, "crebo", _("unknown crebo '%(crebo)s'") % {"crebo": crebo})
            ok = False
        status = row["status"].lower()
        if status and status not in ErkenningStatus.values:
            errors.add(
                row.line,
                "status",
                _("'%(status)s' is not one of erkend, aangevraagd, ingetrokken, geen")
                % {"status": row["status"]},
            )
            ok = False
        datum = parse_datum(row["datum"]) if row["datum"] else None
        if row["datum"] and datum is None:
            errors.add(
                row.line,
                "datum",
                _("'%(value)s' is not a date (dd-mm-jjjj or jjjj-mm-dd)") % {"value": row["datum"]},
            )
            ok = False
        elif datum is not None and datum > vandaag:
            errors.add(
                row.line, "datum", _("'%(value)s' is in the future") % {"value": row["datum"]}
            )
            ok = False
        elif datum is None and status == ErkenningStatus.ERKEND:
            errors.add(row.line, "datum", _("required for status erkend (the date since)"))
            ok = False
        if lb_id and crebo:
            first = seen.setdefault((lb_id, crebo), row.line)
            if first != row.line:
                errors.add(
                    row.line,
                    "crebo",
                    _("%(id)s with crebo %(crebo)s appears twice (first on line %(line)d)")
                    % {"id": lb_id, "crebo": crebo, "line": first},
                )
                ok = False
        if ok and organisatie is not None and kwalificatie is not None:
            regels.append(Regel(row.line, organisatie, kwalificatie, status, datum))
    return regels
