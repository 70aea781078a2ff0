"""The Praktijkloket import never changes reference data, and the organisations named in the
registrations become partners of their pilot (issue 12, Kwalificatiestructuur item 5;
../shared/formats/IMPORT_EXPORT.md, "Reference data is never changed by this import")."""

from __future__ import annotations

import csv
import html
import io
import shutil
import threading
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from deelnemers.services import registreer_deelnemer
from kwalificaties.constants import Herkomst
from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from kwalificaties.services import import_kwalificaties
from monitoring.importeren import importeer_praktijkloket
from pilots.constants import PartnerRol
from pilots.models import Organisatie, Partner, Pilot
from pilots.roles import Role
from trajecten.models import Traject

from .factories import MembershipFactory, UserFactory
from .shared_formats import EXAMPLE

pytestmark = pytest.mark.django_db

FILES = ["pilots.csv", "kwalificaties.csv", "deelnemers.csv", "verklaringen.csv"]
SHIPPED = Path(settings.BASE_DIR) / "kwalificaties" / "data" / "kwalificaties.csv"
REFERENCE = [Kwalificatie, Kerntaak, Werkproces]
KEPT = "differs from the kwalificatiestructuur (kept)"


def reference_rows() -> dict[str, dict[int, dict[str, Any]]]:
    """Every row of the kwalificatiestructuur, all fields, by pk."""
    return {m.__name__: {r["id"]: r for r in m.objects.values()} for m in REFERENCE}


def csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV file; the header is line 1."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(enumerate(csv.DictReader(fh), start=2))


def expected_warnings(before: dict[str, dict[int, dict[str, Any]]], path: Path) -> list[str]:
    """The warnings the contract asks for, worked out from the structure held before the import:
    per kwalificatie and kerntaak on the first line naming it, per werkproces on its line."""
    kwal = {r["crebo"]: r for r in before["Kwalificatie"].values()}
    crebo_of = {r["id"]: r["crebo"] for r in before["Kwalificatie"].values()}
    kt = {(crebo_of[r["kwalificatie_id"]], r["code"]): r for r in before["Kerntaak"].values()}
    wp = {(crebo_of[r["kwalificatie_id"]], r["code"]): r for r in before["Werkproces"].values()}
    seen: set[Any] = set()
    warnings = []
    for line, row in csv_rows(path):
        crebo = row["crebo"]
        held = kwal.get(crebo)
        if held is not None and crebo not in seen:
            for column in ("naam", "niveau", "domein"):
                if row[column] != held[column]:
                    warnings.append(f"{path.name}:{line}: {column}: {KEPT}")
        seen.add(crebo)
        key = (crebo, row["kerntaak_code"])
        if key in kt and key not in seen and row["kerntaak_naam"] != kt[key]["naam"]:
            warnings.append(f"{path.name}:{line}: kerntaak_naam: {KEPT}")
        seen.add(key)
        key = (crebo, row["werkproces_code"])
        if key in wp and row["werkproces_naam"] != wp[key]["naam"]:
            warnings.append(f"{path.name}:{line}: werkproces_naam: {KEPT}")
    return warnings


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "example"
    folder.mkdir()
    for name in FILES:
        shutil.copy(EXAMPLE / name, folder / name)
    return folder


@pytest.fixture
def shipped() -> dict[str, dict[int, dict[str, Any]]]:
    """The database with the shipped kwalificatiestructuur, and its rows before any import."""
    import_kwalificaties(path=SHIPPED)
    return reference_rows()


class TestReferenceDataIsNeverChanged:
    def test_the_example_changes_no_reference_row_and_lists_the_warnings(self, example, shipped):
        result = importeer_praktijkloket(map=example)
        assert result.errors == []
        after = reference_rows()
        for model, rows in shipped.items():
            # every row held before is still there, every field as it was
            assert {pk: after[model][pk] for pk in rows} == rows, model
        new_kerntaken = [r for pk, r in after["Kerntaak"].items() if pk not in shipped["Kerntaak"]]
        new_wps = [r for pk, r in after["Werkproces"].items() if pk not in shipped["Werkproces"]]
        assert all(r["herkomst"] == Herkomst.IMPORT for r in new_kerntaken + new_wps)
        new_kwals = [
            r for pk, r in after["Kwalificatie"].items() if pk not in shipped["Kwalificatie"]
        ]
        assert new_kwals and all(r["herkomst"] == Herkomst.IMPORT for r in new_kwals)
        known = {r["crebo"] for r in shipped["Kwalificatie"].values()}
        new_crebos = {
            r["crebo"]
            for pk, r in after["Kwalificatie"].items()
            if pk not in shipped["Kwalificatie"]
        }
        assert not new_crebos & known
        # what was added is exactly what the structure lacked
        in_file = {
            (row["crebo"], row["werkproces_code"]) for _l, row in csv_rows(EXAMPLE / FILES[1])
        }
        held = {
            (w.kwalificatie.crebo, w.code)
            for w in Werkproces.objects.filter(pk__in=shipped["Werkproces"]).select_related(
                "kwalificatie"
            )
        }
        assert len(new_wps) == len(in_file - held)
        assert result.counts["werkprocessen"]["created"] == len(in_file - held)
        assert result.counts["werkprocessen"]["unchanged"] == len(in_file & held)
        assert result.counts["kwalificaties"]["updated"] == 0
        assert result.warnings == expected_warnings(shipped, example / "kwalificaties.csv")

    def test_a_changed_name_is_a_warning_with_file_and_line_and_the_held_name_stays(
        self, client, example
    ):
        assert importeer_praktijkloket(map=example).errors == []
        path = example / "kwalificaties.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        i = next(
            i
            for i, r in enumerate(rows)
            if r[0] == "25252" and r[header.index("werkproces_code")] == "B1-K1-W2"
        )
        line = i + 1
        rows[i][header.index("werkproces_naam")] = "Iets heel anders"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        wp = Werkproces.objects.get(kwalificatie__crebo="25252", code="B1-K1-W2")
        result = importeer_praktijkloket(map=example)
        assert result.errors == [] and not result.changed
        assert result.warnings == [f"kwalificaties.csv:{line}: werkproces_naam: {KEPT}"]
        wp.refresh_from_db()
        assert wp.naam != "Iets heel anders" and wp.herkomst == Herkomst.IMPORT
        # the command lists it on stderr and succeeds
        out, err = io.StringIO(), io.StringIO()
        call_command("import_praktijkloket", str(example), stdout=out, stderr=err)
        assert f"kwalificaties.csv:{line}: werkproces_naam: {KEPT}" in err.getvalue().splitlines()
        assert "1 warning(s)" in out.getvalue()
        client.force_login(UserFactory())
        page = html.unescape(client.get(reverse("kwalificaties:detail", args=["25252"])).text)
        assert wp.naam in page and "Iets heel anders" not in page

    def test_the_kwalificatie_page_still_shows_the_official_titles(self, client, example, shipped):
        importeer_praktijkloket(map=example)
        client.force_login(UserFactory())
        crebos = {row["crebo"] for _l, row in csv_rows(EXAMPLE / FILES[1])}
        both = sorted(crebos & {r["crebo"] for r in shipped["Kwalificatie"].values()})
        if not both:
            pytest.skip("the shipped structure holds none of the example's qualifications")
        # the example's names for werkprocessen the structure already held under another name
        crebo_of = {r["id"]: r["crebo"] for r in shipped["Kwalificatie"].values()}
        held = {
            (crebo_of[w["kwalificatie_id"]], w["code"]): w for w in shipped["Werkproces"].values()
        }
        differing = {
            row["werkproces_naam"]
            for _l, row in csv_rows(EXAMPLE / FILES[1])
            if (row["crebo"], row["werkproces_code"]) in held
            and held[(row["crebo"], row["werkproces_code"])]["naam"] != row["werkproces_naam"]
        }
        for crebo in both:
            page = html.unescape(client.get(reverse("kwalificaties:detail", args=[crebo])).text)
            kwal = next(r for r in shipped["Kwalificatie"].values() if r["crebo"] == crebo)
            assert kwal["naam"] in page
            for wp in shipped["Werkproces"].values():
                if wp["kwalificatie_id"] == kwal["id"]:
                    assert wp["naam"] in page
            assert not [naam for naam in differing if naam in page]

    def test_importing_again_changes_nothing_and_lists_the_same_warnings(self, example, shipped):
        first = importeer_praktijkloket(map=example)
        rows, partners = reference_rows(), list(Partner.objects.order_by("pk").values())
        second = importeer_praktijkloket(map=example)
        assert second.errors == [] and not second.changed
        assert second.warnings == first.warnings
        assert second.counts["kwalificaties"]["created"] == 0
        assert second.counts["werkprocessen"]["created"] == 0
        assert reference_rows() == rows
        assert list(Partner.objects.order_by("pk").values()) == partners


def named_organisations() -> dict[str, set[tuple[str, str]]]:
    """Per pilot code: (rol, organisation key) named in deelnemers and verklaringen."""
    named: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _l, row in csv_rows(EXAMPLE / "deelnemers.csv"):
        named[row["pilot"]].add((PartnerRol.OPLEIDER, row["mbo_instelling"]))
        if row["leerbedrijf_id"]:
            named[row["pilot"]].add((PartnerRol.LEERBEDRIJF, row["leerbedrijf_id"]))
    for _l, row in csv_rows(EXAMPLE / "verklaringen.csv"):
        named[row["pilot"]].add((PartnerRol.LEERBEDRIJF, row["leerbedrijf_id"]))
    return named


class TestOrganisationsBecomePartners:
    def test_each_pilot_has_its_mbo_instellingen_and_leerbedrijven_as_partners(self, example):
        result = importeer_praktijkloket(map=example)
        assert result.errors == []
        named = named_organisations()
        for pilot in Pilot.objects.all():
            partners = {
                (
                    p.rol,
                    p.organisatie.naam
                    if p.rol == PartnerRol.OPLEIDER
                    else p.organisatie.leerbedrijf_id,
                )
                for p in Partner.objects.filter(pilot=pilot).select_related("organisatie")
            }
            assert partners == named[pilot.code], pilot.code
        assert result.counts["partners"]["created"] == sum(len(v) for v in named.values())
        again = importeer_praktijkloket(map=example)
        assert again.counts["partners"]["created"] == 0
        assert Partner.objects.count() == sum(len(v) for v in named.values())

    def test_a_traject_can_be_agreed_in_an_imported_pilot(self, client, example):
        assert importeer_praktijkloket(map=example).errors == []
        pilot = Pilot.objects.get(code="noorderkwartier")
        named = named_organisations()["noorderkwartier"]
        instelling = Organisatie.objects.get(naam="Marlijn Academie", soort="mbo_instelling")
        medewerker = UserFactory()
        MembershipFactory(
            user=medewerker, pilot=pilot, organisatie=instelling, role=Role.MBO_MEDEWERKER
        )
        deelnemer = registreer_deelnemer(
            actor=medewerker,
            pilot=pilot,
            voornaam="Noor",
            achternaam="Nieuwkomer",
            geboortedatum=date(1990, 4, 1),
            aangemeld_op=date(2026, 9, 1),
        )
        client.force_login(medewerker)
        url = reverse("trajecten:traject-create", args=[deelnemer.pk])
        form = client.get(url).context["form"]
        offered_mbo = {o.naam for o in form.fields["mbo_instelling"].queryset}
        offered_lb = {o.leerbedrijf_id for o in form.fields["leerbedrijf"].queryset}
        assert offered_mbo == {k for rol, k in named if rol == PartnerRol.OPLEIDER}
        assert offered_lb == {k for rol, k in named if rol == PartnerRol.LEERBEDRIJF}
        leerbedrijf = Organisatie.objects.get(leerbedrijf_id=sorted(offered_lb)[0])
        werkprocessen = Werkproces.objects.filter(kwalificatie__crebo="25252")[:2]
        response = client.post(
            url,
            {
                "route": "praktijkverklaring",
                "mbo_instelling": instelling.pk,
                "leerbedrijf": leerbedrijf.pk,
                "startdatum": "2026-12-01",
                "geplande_einddatum": "2027-06-01",
                "uren_per_week": "24",
                "werkprocessen": [w.pk for w in werkprocessen],
            },
        )
        traject = Traject.objects.get(deelnemer=deelnemer)
        assert response["Location"] == traject.get_absolute_url()
        assert traject.mbo_instelling == instelling and traject.leerbedrijf == leerbedrijf


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_store_everything_once_without_an_error(example):
    """The second waits for the first (one import at a time) and then finds it all there."""
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            results.append(importeer_praktijkloket(map=example))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 2
    assert [r.errors for r in results] == [[], []]
    assert sorted(r.changed for r in results) == [False, True]
    assert Pilot.objects.count() == len(csv_rows(EXAMPLE / "pilots.csv"))
