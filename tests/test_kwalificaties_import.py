"""The kwalificatiestructuur made real (issue 12): what is shipped, SBB's files imported with
versions, the beheerder's upload-preview-confirm, and example data kept off real documents."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from kwalificaties.constants import Herkomst
from kwalificaties.models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces
from kwalificaties.services import import_kwalificaties
from overeenkomsten.services import genereer_overeenkomsten, valideer_voor_ondertekening
from pilots.roles import Role
from praktijkleren.importing import ImportFailed
from trajecten.constants import WerkprocesStatus
from trajecten.forms.traject import TrajectForm
from trajecten.models import Traject, TrajectWerkproces
from trajecten.voortgang import zet_werkproces_status
from verklaringen.services import bereid_praktijkverklaring_voor

from .overeenkomsten_support import klaar_traject

pytestmark = pytest.mark.django_db

DATA = Path(settings.BASE_DIR) / "kwalificaties" / "data"
SHIPPED = DATA / "kwalificaties.csv"
VOORBEELD = DATA / "voorbeeld_werkprocessen.csv"
# The opleidingsdomeinen of the Regeling vaststelling kwalificatiedossiers 2015 (the shipped
# file's source).
DOMEINEN = {
    "Bouw en infra", "Afbouw, hout en onderhoud", "Techniek en procesindustrie",
    "Ambacht, laboratorium en gezondheidstechniek", "Media en vormgeving",
    "Informatie en communicatietechnologie", "Mobiliteit en voertuigen",
    "Transport, scheepvaart en logistiek", "Handel en ondernemerschap",
    "Economie en administratie", "Veiligheid en sport", "Uiterlijke verzorging",
    "Horeca en bakkerij", "Toerisme en recreatie", "Zorg en welzijn",
    "Voedsel, natuur en leefomgeving",
}  # fmt: skip
ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<column>[a-z_]+|-): \S.*$")
CREBO_HEADER = "crebo,kwalificatie,kwalificatiedossier,dossier_crebo,niveau,domein,versie,bron"
WP_HEADER = "crebo,kerntaak_code,kerntaak_naam,werkproces_code,werkproces_naam"


def crebolijst(tmp_path: Path, versie: str = "2025", name: str = "crebolijst.csv") -> Path:
    path = tmp_path / name
    path.write_text(
        f"{CREBO_HEADER},geldig_vanaf,geldig_tot\n"
        f'99001,Testmedewerker,Testdossier,99000,2,Zorg en welzijn,{versie},"SBB register, versie {versie}",2025-08-01,\n',
        encoding="utf-8",
    )  # fmt: skip
    return path


def werkprocessen(tmp_path: Path, codes: list[str], name: str = "werkprocessen.csv") -> Path:
    path = tmp_path / name
    rows = [WP_HEADER] + [
        f"99001,B1-K1,Werkt veilig,B1-K1-{c},Werkproces {c} (test)" for c in codes
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def shipped_rows() -> tuple[list[str], list[dict[str, str]]]:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)
    data = "".join(line for line in lines if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(data))
    return list(reader.fieldnames or []), list(reader)


class TestTheShippedData:
    def test_it_holds_no_invented_kerntaken_or_werkprocessen(self):
        header, rows = shipped_rows()
        text = SHIPPED.read_text(encoding="utf-8")
        assert not {"kerntaak_code", "kerntaak_naam", "werkproces_code", "werkproces_naam"} & set(
            header
        )
        for phrase in ("placeholder", "Werkproces 1", "Kerntaak 1", "Voert basiswerkzaamheden"):
            assert phrase.lower() not in text.lower()
        import_kwalificaties(path=SHIPPED)
        assert Kwalificatie.objects.count() == len(rows) == 13
        assert not Kerntaak.objects.exists() and not Werkproces.objects.exists()

    def test_every_dossier_records_its_source_version_and_validity(self):
        import_kwalificaties(path=SHIPPED)
        for dossier in Kwalificatiedossier.objects.all():
            assert "Regeling vaststelling kwalificatiedossiers 2015" in dossier.bron
            assert dossier.versie == "2015" and dossier.geldig_vanaf == date(2015, 8, 1)
        entree = Kwalificatie.objects.get(crebo="25258").dossier
        assert (entree.code, entree.naam) == ("23192", "Entree")
        assert Kwalificatie.objects.get(crebo="25250").dossier.code == "23110"

    def test_entree_profiles_count_in_their_content_domain(self):
        import_kwalificaties(path=SHIPPED)
        entree = dict(Kwalificatie.objects.filter(niveau="Entree").values_list("crebo", "domein"))
        assert len(entree) == 9
        assert set(entree.values()) <= DOMEINEN
        assert entree["25250"] == "Afbouw, hout en onderhoud"
        assert entree["25251"] == "Zorg en welzijn"
        assert entree["25255"] == "Mobiliteit en voertuigen"
        assert entree["25254"] == "Transport, scheepvaart en logistiek"
        assert entree["25258"] == "Voedsel, natuur en leefomgeving"
        assert "ENTREE DOMEIN" in SHIPPED.read_text(encoding="utf-8")  # the mapping's source

    def test_the_example_werkprocessen_are_marked_and_shown_as_voorbeeldgegevens(self, world):
        import_kwalificaties(path=SHIPPED, werkprocessen=VOORBEELD, herkomst=Herkomst.VOORBEELD)
        assert Werkproces.objects.filter(kwalificatie__crebo="25255").count() >= 3
        assert set(Werkproces.objects.values_list("herkomst", flat=True)) == {"voorbeeld"}
        assert set(Kerntaak.objects.values_list("herkomst", flat=True)) == {"voorbeeld"}
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        html = client.get(reverse("kwalificaties:detail", args=["25255"])).content.decode()
        assert "data-voorbeeldgegevens" in html and "Voorbeeldgegevens" in html
        assert "Regeling vaststelling kwalificatiedossiers 2015" in html
        html = client.get(reverse("kwalificaties:list")).content.decode()
        assert "Voorbeeldgegevens" in html

    def test_an_official_page_has_no_notice(self, world, tmp_path):
        import_kwalificaties(
            path=crebolijst(tmp_path), werkprocessen=werkprocessen(tmp_path, ["W1"])
        )
        client = Client()
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        html = client.get(reverse("kwalificaties:detail", args=["99001"])).content.decode()
        assert "B1-K1-W1" in html and "data-voorbeeldgegevens" not in html

    def test_example_data_never_overwrites_the_official_structure(self, tmp_path):
        import_kwalificaties(
            path=crebolijst(tmp_path), werkprocessen=werkprocessen(tmp_path, ["W1"])
        )
        voorbeeld = tmp_path / "voorbeeld.csv"
        voorbeeld.write_text(f"{WP_HEADER}\n99001,B1-K1,Anders,B1-K1-W1,Verzonnen titel\n")
        import_kwalificaties(
            path=crebolijst(tmp_path), werkprocessen=voorbeeld, herkomst=Herkomst.VOORBEELD
        )
        wp = Werkproces.objects.get(code="B1-K1-W1")
        assert (wp.naam, wp.herkomst) == ("Werkproces W1 (test)", "officieel")


class TestVersions:
    def test_a_new_version_adds_and_retires_and_keeps_what_trajecten_and_verklaringen_use(
        self, world, tmp_path
    ):
        traject = klaar_traject(world)
        import_kwalificaties(
            path=crebolijst(tmp_path, "2024"), werkprocessen=werkprocessen(tmp_path, ["W1", "W2"])
        )
        w2 = Werkproces.objects.get(kwalificatie__crebo="99001", code="B1-K1-W2")
        assert (w2.versie, w2.actief) == ("2024", True)
        # W2 is on a traject and, mastered, on a praktijkverklaring.
        tw = TrajectWerkproces.objects.create(traject=traject, werkproces=w2)
        Traject.objects.filter(pk=traject.pk).update(status="lopend", startdatum=date(2026, 11, 2))
        zet_werkproces_status(
            actor=world.user(Role.PRAKTIJKOPLEIDER), traject_werkproces=tw,
            status=WerkprocesStatus.BEHEERST, samenvattend_oordeel="Zelfstandig.",
        )  # fmt: skip
        pv = bereid_praktijkverklaring_voor(actor=world.user(Role.MBO_MEDEWERKER), traject=traject)
        assert "B1-K1-W2" in [w["code"] for w in pv.inhoud["werkprocessen"]]

        result = import_kwalificaties(
            path=crebolijst(tmp_path, "2025"), werkprocessen=werkprocessen(tmp_path, ["W1", "W3"])
        )

        assert result.werkprocessen_created == 1 and result.werkprocessen_retired == 1
        w2.refresh_from_db()
        assert (w2.actief, w2.vervallen_op, w2.versie) == (False, timezone.localdate(), "2024")
        assert TrajectWerkproces.objects.filter(pk=tw.pk, werkproces=w2).exists()
        pv.refresh_from_db()
        assert "B1-K1-W2" in [w["code"] for w in pv.inhoud["werkprocessen"]]
        w3 = Werkproces.objects.get(kwalificatie__crebo="99001", code="B1-K1-W3")
        assert (w3.versie, w3.actief) == ("2025", True)
        assert Werkproces.objects.get(code="B1-K1-W1", kwalificatie__crebo="99001").versie == "2025"
        assert Kwalificatiedossier.objects.get(code="99000").versie == "2025"

    def test_importing_the_same_files_again_changes_nothing(self, tmp_path):
        files = {"path": crebolijst(tmp_path), "werkprocessen": werkprocessen(tmp_path, ["W1"])}
        first = import_kwalificaties(**files)
        assert first.changed
        again = import_kwalificaties(**files)
        assert not again.changed and again.wijzigingen == []
        assert Werkproces.objects.count() == 1 and Kwalificatiedossier.objects.count() == 1

    def test_an_xlsx_with_a_werkprocessen_sheet_and_sbb_column_names(self, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.append(
            [
                "Crebo kwalificatie",
                "Kwalificatie",
                "Kwalificatiedossier",
                "Crebo kwalificatiedossier",
                "Niveau",
                "Opleidingsdomein",
                "Geldig vanaf",
            ]
        )
        ws.append([99001, "Testmedewerker", "Testdossier", 99000, 1, "Zorg en welzijn",
                   date(2025, 8, 1)])  # fmt: skip
        sheet = wb.create_sheet("werkprocessen")
        sheet.append(WP_HEADER.split(","))
        sheet.append([99001, "B1-K1", "Werkt veilig", "B1-K1-W1", "Werkt\nveilig"])
        path = tmp_path / "crebolijst.xlsx"
        wb.save(path)

        import_kwalificaties(path=path)

        kwal = Kwalificatie.objects.get(crebo="99001")
        assert (kwal.niveau, kwal.geldig_vanaf, kwal.dossier.code) == (
            "Entree",
            date(2025, 8, 1),
            "99000",
        )
        assert kwal.werkprocessen.get().naam == "Werkt veilig"


class TestBadFiles:
    def test_every_error_is_file_line_column_reason_and_nothing_is_stored(self, tmp_path):
        lijst = tmp_path / "crebolijst.csv"
        lijst.write_text(
            "# Bron: SBB\n"
            f"{CREBO_HEADER},geldig_vanaf\n"
            "99001,Test,Dossier,99000,7,Zorg en welzijn,1,SBB,2025-08-01\n"  # line 3: niveau
            "9900,Test,Dossier,99000,2,Zorg en welzijn,1,SBB,1 augustus\n"  # 4: crebo, date
            "99003,Test,Dossier,99000,2,Zorg en welzijn,2,SBB,\n"  # 5: versie differs
        )
        wp = tmp_path / "werkprocessen.csv"
        wp.write_text(f"{WP_HEADER}\n99001,B1-K1,X,B1-K2-W1,Y\n88888,B1-K1,X,B1-K1-W1,Y\n")

        with pytest.raises(ImportFailed) as exc:
            import_kwalificaties(path=lijst, werkprocessen=wp)

        positions = set()
        for message in exc.value.messages:
            match = ERROR.match(message)
            assert match, message
            positions.add((match["file"], int(match["line"]), match["column"]))
        assert positions == {
            ("crebolijst.csv", 3, "niveau"),
            ("crebolijst.csv", 4, "crebo"),
            ("crebolijst.csv", 4, "geldig_vanaf"),
            ("crebolijst.csv", 5, "versie"),
            ("werkprocessen.csv", 2, "werkproces_code"),
            ("werkprocessen.csv", 3, "crebo"),
        }
        assert not Kwalificatie.objects.exists() and not Kwalificatiedossier.objects.exists()


@pytest.fixture
def alleen_officieel(settings):
    settings.KWALIFICATIES_ALLEEN_OFFICIEEL = True


def _voorbeeld(traject) -> None:
    Werkproces.objects.filter(trajecten=traject).update(herkomst=Herkomst.VOORBEELD)


MELDING = (
    "Werkproces B1-K1-W1 van crebo 25256 (Medewerker logistiek (Entree)) komt uit "
    "voorbeeldgegevens: laad het kwalificatiedossier met import_kwalificaties."
)


class TestExamplesNeverReachARealDocument:
    def test_production_refuses_example_werkprocessen_on_an_agreement(
        self, world, alleen_officieel
    ):
        traject = klaar_traject(world)
        _voorbeeld(traject)
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            genereer_overeenkomsten(actor=world.user(Role.MBO_MEDEWERKER), traject=traject)
        assert MELDING in exc.value.messages
        assert not traject.overeenkomsten.exists()

    def test_production_refuses_to_send_agreements_with_example_werkprocessen(
        self, world, settings
    ):
        traject = klaar_traject(world)
        genereer_overeenkomsten(actor=world.user(Role.MBO_MEDEWERKER), traject=traject)
        _voorbeeld(traject)
        with translation.override("nl"):
            assert MELDING not in valideer_voor_ondertekening(traject)  # not in dev/test
            settings.KWALIFICATIES_ALLEEN_OFFICIEEL = True
            assert MELDING in valideer_voor_ondertekening(traject)

    def test_production_refuses_example_werkprocessen_on_a_praktijkverklaring(
        self, world, alleen_officieel
    ):
        traject = klaar_traject(world)
        Traject.objects.filter(pk=traject.pk).update(status="lopend", startdatum=date(2026, 11, 2))
        for tw in traject.traject_werkprocessen.all():
            zet_werkproces_status(
                actor=world.user(Role.PRAKTIJKOPLEIDER), traject_werkproces=tw,
                status=WerkprocesStatus.BEHEERST, samenvattend_oordeel="Zelfstandig.",
            )  # fmt: skip
        Werkproces.objects.filter(code="B1-K1-W2").update(herkomst=Herkomst.IMPORT)
        _voorbeeld_w1 = Werkproces.objects.filter(code="B1-K1-W1")
        _voorbeeld_w1.update(herkomst=Herkomst.VOORBEELD)
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            bereid_praktijkverklaring_voor(actor=world.user(Role.MBO_MEDEWERKER), traject=traject)
        assert MELDING in exc.value.messages
        assert any("B1-K1-W2" in m and "import" in m for m in exc.value.messages)
        assert not traject.praktijkverklaringen.exists()

    def test_official_werkprocessen_pass_in_production(self, world, alleen_officieel):
        traject = klaar_traject(world)
        assert genereer_overeenkomsten(actor=world.user(Role.MBO_MEDEWERKER), traject=traject)

    def test_the_traject_form_marks_example_werkprocessen(self, world):
        twee = klaar_traject(world).traject_werkprocessen.values_list("werkproces", flat=True)
        Werkproces.objects.filter(pk__in=list(twee)).update(herkomst=Herkomst.VOORBEELD)
        form = TrajectForm(pilot=world.alpha.pilot)
        with translation.override("nl"):
            labels = [str(label) for _value, label in form.fields["werkprocessen"].choices]
        assert any("B1-K1-W1" in label and "voorbeeldgegevens" in label for label in labels)


class TestTheBeheerderInTheBrowser:
    def client(self, world, role=Role.BEHEERDER) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        client.force_login(world.user(role))
        return client

    def upload(self, client: Client, tmp_path: Path, codes: list[str], versie: str = "2025"):
        with (
            crebolijst(tmp_path, versie).open("rb") as a,
            werkprocessen(tmp_path, codes).open("rb") as b,
        ):
            return client.post(
                reverse("kwalificaties:import-upload"), {"crebolijst": a, "werkprocessen": b}
            )

    def test_upload_preview_confirm(self, world, tmp_path, settings):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        client = self.client(world)
        assert client.get(reverse("kwalificaties:import-upload")).status_code == 200
        response = self.upload(client, tmp_path, ["W1", "W2"])
        assert response.status_code == 302
        preview = client.get(response["Location"]).content.decode()
        assert "99001 Testmedewerker" in preview and "B1-K1-W2" in preview
        assert 'data-wijzigingen="nieuw"' in preview
        assert not Kwalificatie.objects.filter(crebo="99001").exists()  # not yet

        done = client.post(response["Location"].rstrip("/") + "/bevestigen/")
        assert done.status_code == 302
        assert Werkproces.objects.filter(kwalificatie__crebo="99001").count() == 2

        # A new version: the preview lists the retired werkproces.
        response = self.upload(client, tmp_path, ["W1", "W3"], versie="2026")
        preview = client.get(response["Location"]).content.decode()
        retired = preview.split('data-wijzigingen="vervallen"')[1].split("</ul>")[0]
        assert "B1-K1-W2" in retired and "B1-K1-W3" not in retired
        client.post(response["Location"].rstrip("/") + "/bevestigen/")
        assert not Werkproces.objects.get(code="B1-K1-W2").actief

    def test_the_import_reads_its_files_through_the_storage_api_only(
        self, world, tmp_path, settings
    ):
        """Issue 16: stored files may live in object storage (no local path). Django's
        in-memory storage has no `.path` either: the upload, preview and confirm still work."""
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        }
        client = self.client(world)
        response = self.upload(client, tmp_path, ["W1", "W2"])
        assert response.status_code == 302
        preview = client.get(response["Location"]).content.decode()
        assert "99001 Testmedewerker" in preview and "B1-K1-W2" in preview
        done = client.post(response["Location"].rstrip("/") + "/bevestigen/")
        assert done.status_code == 302
        assert Werkproces.objects.filter(kwalificatie__crebo="99001").count() == 2

    def test_a_bad_file_shows_every_error_and_stores_nothing(self, world, tmp_path, settings):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        client = self.client(world)
        bad = tmp_path / "lijst.csv"
        bad.write_text(f"{CREBO_HEADER}\n99001,Test,Dossier,99000,9,Zorg,1,SBB\n")
        with bad.open("rb") as f:
            response = client.post(reverse("kwalificaties:import-upload"), {"crebolijst": f})
        preview = client.get(response["Location"]).content.decode()
        # Grouped by kind, in Dutch, each error still with its file, line and column.
        assert "Onbekend niveau (1 rij)" in preview
        assert (
            'data-bestand="lijst.csv" data-regel="2"><td>lijst.csv</td><td>2</td><td>niveau</td>'
            in (preview)
        )
        client.post(response["Location"].rstrip("/") + "/bevestigen/")
        assert not Kwalificatie.objects.exists()

    def test_only_the_beheerder_loads_the_structure(self, world):
        for role in (Role.PROJECTLEIDER, Role.SBB_MONITOR, Role.MBO_MEDEWERKER):
            response = self.client(world, role).get(reverse("kwalificaties:import-upload"))
            assert response.status_code == 403


def test_an_official_import_takes_over_a_kwalificatie_a_registration_import_added(tmp_path):
    Kwalificatie.objects.create(
        crebo="99001",
        naam="Testmedewerker (uit registratie)",
        niveau="2",
        domein="Zorg en welzijn",
        herkomst=Herkomst.IMPORT,
    )
    import_kwalificaties(path=crebolijst(tmp_path), werkprocessen=werkprocessen(tmp_path, ["W1"]))
    kwal = Kwalificatie.objects.get(crebo="99001")
    assert kwal.herkomst == Herkomst.OFFICIEEL and kwal.naam == "Testmedewerker"
