"""The erkenning register (issue 11): per organisation and crebo the recognition by SBB
(leerbedrijf) or DUO (mbo-instelling, derde leerweg), who records and confirms it, the import of
SBB's register, and the findings the traject and agreement layers block on."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation

from erkenningen import selectors
from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.models import Erkenning
from erkenningen.services import bevestig, importeer, leg_vast
from erkenningen.signals import erkenning_gewijzigd
from kwalificaties.models import Kwalificatie
from pilots.constants import OrganisatieSoort
from pilots.roles import Role
from praktijkleren.models import AuditEvent

from .factories import OrganisatieFactory

pytestmark = pytest.mark.django_db

LB, DL = ErkenningSoort.LEERBEDRIJF, ErkenningSoort.DERDE_LEERWEG
ERKEND, AANGEVRAAGD = ErkenningStatus.ERKEND, ErkenningStatus.AANGEVRAAGD
INGETROKKEN, GEEN = ErkenningStatus.INGETROKKEN, ErkenningStatus.GEEN
ERROR_LINE = re.compile(r"^erkenningen\.csv:(\d+): ([a-z_]+|-|\(empty\)): \S.*$")


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def kwal(db: Any) -> Kwalificatie:
    return Kwalificatie.objects.create(
        crebo="25250", naam="Logistiek medewerker", niveau="2", domein="Logistiek"
    )


@pytest.fixture
def kwal2(db: Any) -> Kwalificatie:
    return Kwalificatie.objects.create(
        crebo="25256", naam="Medewerker bakkerij", niveau="2", domein="Voedsel"
    )


def vastleggen(world: Any, kwal: Kwalificatie, soort: str = LB, status: str = ERKEND, **kw: Any):
    fields: dict[str, Any] = {
        "actor": world.user(Role.MBO_MEDEWERKER),
        "organisatie": world.alpha.leerbedrijf if soort == LB else world.alpha.mbo,
        "kwalificatie": kwal,
        "soort": soort,
        "status": status,
        "sinds": date(2025, 3, 3),
        "bron": "SBB register",
        "gecontroleerd_op": date(2025, 11, 20),
    }
    fields.update(kw)
    return leg_vast(**fields)


def dutch_errors(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


class TestVastleggen:
    def test_the_mbo_records_a_recognition_audited_and_described_as_on_documents(self, world, kwal):
        e = vastleggen(world, kwal)
        assert e.vastgelegd_door == world.user(Role.MBO_MEDEWERKER) and e.vastgelegd_op
        event = AuditEvent.objects.get(action="erkenning.vastleggen", object_id=str(e.pk))
        assert event.pilot_id is None and event.changes["status"] == [None, "erkend"]
        with translation.override("nl"):
            assert e.referentie == (
                "erkend sinds 3 maart 2025 (SBB register, gecontroleerd op 20 november 2025)"
            )
            assert str(e) == "Leerbedrijf Alphastad - 25250: erkend (leerbedrijf (SBB))"

    def test_recording_again_changes_the_one_record_and_an_unchanged_one_writes_nothing(
        self, world, kwal
    ):
        e = vastleggen(world, kwal, status=AANGEVRAAGD, contact="SBB-adviseur J. Jansen")
        same = vastleggen(world, kwal, status=AANGEVRAAGD)  # contact None keeps it
        assert same.pk == e.pk and same.contact == "SBB-adviseur J. Jansen"
        assert AuditEvent.objects.filter(action="erkenning.vastleggen").count() == 1
        vastleggen(world, kwal, status=ERKEND, actor=world.user(Role.PROJECTLEIDER))
        e.refresh_from_db()
        assert Erkenning.objects.count() == 1 and e.status == ERKEND
        assert e.vastgelegd_door == world.user(Role.PROJECTLEIDER)
        assert AuditEvent.objects.filter(action="erkenning.vastleggen").count() == 2

    def test_the_mbo_instelling_is_recorded_for_the_derde_leerweg(self, world, kwal):
        vastleggen(world, kwal)
        e = vastleggen(world, kwal, soort=DL, bron="DUO")
        assert Erkenning.objects.count() == 2 and e.organisatie == world.alpha.mbo

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            (
                {"organisatie": "gemeente"},
                "organisatie",
                "Gemeente Alphastad is geen leerbedrijf of sw-bedrijf; SBB erkent alleen "
                "leerbedrijven.",
            ),
            (
                {"organisatie": "zonder_id"},
                "organisatie",
                "Bakkerij Zonder ID heeft geen SBB-leerbedrijf-ID: leg dat eerst vast bij de "
                "organisatie.",
            ),
            (
                {"soort": DL, "organisatie": "leerbedrijf"},
                "organisatie",
                "Leerbedrijf Alphastad is geen mbo-instelling; alleen een mbo-instelling wordt "
                "erkend om de derde leerweg aan te bieden.",
            ),
            (
                {"gecontroleerd_op": "morgen"},
                "gecontroleerd_op",
                "De controledatum kan niet in de toekomst liggen.",
            ),
            ({"sinds": None}, "sinds", "Vul de datum in sinds wanneer de erkenning geldt."),
            ({"sinds": "morgen"}, "sinds", "De datum sinds kan niet in de toekomst liggen."),
            (
                {"sinds": date(2025, 12, 1)},
                "sinds",
                "De datum sinds kan niet na de controledatum liggen.",
            ),
            ({"bron": "  "}, "bron", "Vul de bron in, bijvoorbeeld 'SBB register' of 'DUO'."),
            (
                {"status": "misschien"},
                "status",
                "Kies erkend, aangevraagd, ingetrokken of niet erkend.",
            ),
        ],
    )
    def test_bad_input_gets_a_dutch_message_and_stores_nothing(
        self, world, kwal, change, field, message
    ):
        orgs = {
            "gemeente": world.alpha.verwijzer_org,
            "leerbedrijf": world.alpha.leerbedrijf,
            "zonder_id": OrganisatieFactory(
                naam="Bakkerij Zonder ID", soort=OrganisatieSoort.LEERBEDRIJF
            ),
        }
        if "organisatie" in change:
            change["organisatie"] = orgs[change["organisatie"]]
        for key in ("sinds", "gecontroleerd_op"):
            if change.get(key) == "morgen":
                change[key] = today() + timedelta(days=1)
        with translation.override("nl"), pytest.raises(ValidationError) as exc:
            vastleggen(world, kwal, **change)
        assert message in dutch_errors(exc)[field]
        assert (
            not Erkenning.objects.exists()
            and not AuditEvent.objects.filter(action="erkenning.vastleggen").exists()
        )

    def test_geen_needs_no_date(self, world, kwal):
        e = vastleggen(world, kwal, status=GEEN, sinds=None)
        with translation.override("nl"):
            assert e.referentie == "niet erkend (SBB register, gecontroleerd op 20 november 2025)"


class TestWieMag:
    @pytest.mark.parametrize("role", [Role.MBO_MEDEWERKER, Role.PROJECTLEIDER, Role.BEHEERDER])
    def test_mbo_projectleider_and_beheerder_record(self, world, kwal, role):
        assert vastleggen(world, kwal, actor=world.user(role)).pk

    @pytest.mark.parametrize(
        "role",
        [
            Role.VERWIJZER,
            Role.PRAKTIJKOPLEIDER,
            Role.JOBCOACH,
            Role.EXAMENCOMMISSIE,
            Role.SBB_MONITOR,
        ],
    )
    def test_other_roles_may_not_record(self, world, kwal, role):
        with pytest.raises(PermissionDenied):
            vastleggen(world, kwal, actor=world.user(role))
        assert not Erkenning.objects.exists()

    def test_the_projectleider_of_another_pilot_records_too_the_register_is_shared(
        self, world, kwal
    ):
        e = vastleggen(world, kwal, actor=world.beta.users[Role.PROJECTLEIDER])
        assert e.organisatie == world.alpha.leerbedrijf

    def test_sbb_confirms_and_a_change_of_the_facts_needs_a_new_confirmation(self, world, kwal):
        e = vastleggen(world, kwal)
        with pytest.raises(PermissionDenied):
            bevestig(actor=world.user(Role.MBO_MEDEWERKER), erkenning=e)
        e = bevestig(actor=world.sbb, erkenning=e)
        assert e.bevestigd_door == world.sbb and e.bevestigd_op
        assert AuditEvent.objects.filter(action="erkenning.bevestigen", actor=world.sbb).exists()
        # A new check date keeps the confirmation; a new status does not.
        e = vastleggen(world, kwal, gecontroleerd_op=date(2025, 11, 21))
        assert e.bevestigd_door == world.sbb
        e = vastleggen(world, kwal, status=INGETROKKEN, sinds=date(2025, 11, 21),
                       gecontroleerd_op=date(2025, 11, 21))  # fmt: skip
        assert e.bevestigd_door is None and e.bevestigd_op is None


class TestSignaal:
    @pytest.fixture
    def ontvangen(self):
        received: list[dict[str, Any]] = []

        def receiver(sender: Any, **kwargs: Any) -> None:
            received.append({"sender": sender, **kwargs})

        erkenning_gewijzigd.connect(receiver, dispatch_uid="test_erkenningen")
        yield received
        erkenning_gewijzigd.disconnect(dispatch_uid="test_erkenningen")

    def test_revoking_sends_the_signal_with_the_old_status_and_the_actor(
        self, world, kwal, ontvangen
    ):
        vastleggen(world, kwal)
        assert ontvangen[-1]["oud_status"] is None  # first recorded
        pl = world.user(Role.PROJECTLEIDER)
        e = vastleggen(world, kwal, status=INGETROKKEN, actor=pl)
        assert ontvangen[-1] == {
            "sender": Erkenning,
            "signal": erkenning_gewijzigd,
            "erkenning": e,
            "oud_status": ERKEND,
            "actor": pl,
        }
        assert ontvangen[-1]["erkenning"].status == INGETROKKEN

    def test_no_signal_when_the_status_stays(self, world, kwal, ontvangen):
        vastleggen(world, kwal)
        vastleggen(world, kwal, bron="SBB register (website)")
        assert len(ontvangen) == 1

    def test_a_failing_receiver_undoes_the_write(self, world, kwal):
        vastleggen(world, kwal)

        def boom(sender: Any, **kwargs: Any) -> None:
            raise RuntimeError("receiver failed")

        erkenning_gewijzigd.connect(boom, dispatch_uid="test_boom")
        try:
            with pytest.raises(RuntimeError):
                vastleggen(world, kwal, status=INGETROKKEN)
        finally:
            erkenning_gewijzigd.disconnect(dispatch_uid="test_boom")
        assert Erkenning.objects.get().status == ERKEND


# --- import_erkenningen -----------------------------------------------------------------------


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "erkenningen.csv"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def run_import(path: Path) -> str:
    out = io.StringIO()
    with translation.override("nl"):
        call_command("import_erkenningen", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def failing_import(path: Path) -> list[str]:
    err = io.StringIO()
    with translation.override("nl"), pytest.raises(CommandError) as exc:
        call_command("import_erkenningen", str(path), stdout=io.StringIO(), stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert f"{len(lines)} fout(en); er is niets opgeslagen." in str(exc.value)
    return lines


def stored() -> tuple[int, int]:
    return Erkenning.objects.count(), AuditEvent.objects.filter(
        action__startswith="erkenning."
    ).count()


class TestImport:
    def test_semicolons_bom_dutch_dates_and_any_header_case(self, world, kwal, kwal2, tmp_path):
        path = write(
            tmp_path,
            "\ufeffLeerbedrijf-ID;Crebo;Status;Datum\r\n"
            "alpha-1;25250;erkend;03-03-2025\r\n"
            "alpha-1;25256;Aangevraagd;01-11-2025\r\n"
            "beta-1;25250;geen;\r\n",
        )
        assert run_import(path) == "erkenningen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd"
        e = Erkenning.objects.get(organisatie=world.alpha.leerbedrijf, kwalificatie=kwal)
        assert (e.soort, e.status, e.sinds, e.gecontroleerd_op) == (
            LB,
            ERKEND,
            date(2025, 3, 3),
            today(),
        )
        assert e.bron == "SBB register (import erkenningen.csv)" and e.vastgelegd_door is None
        assert Erkenning.objects.get(kwalificatie=kwal2).status == AANGEVRAAGD
        # Idempotent: the second run changes nothing and writes no audit event.
        before = stored()
        assert run_import(path) == "erkenningen: 0 nieuw, 0 gewijzigd, 3 ongewijzigd"
        assert stored() == before

    def test_commas_and_iso_dates_and_a_revocation_is_a_change(self, world, kwal, tmp_path):
        vastleggen(world, kwal, contact="SBB-adviseur J. Jansen")
        path = write(
            tmp_path, "leerbedrijf_id,crebo,status,datum\nalpha-1,25250,ingetrokken,2025-10-01\n"
        )
        received: list[Any] = []
        erkenning_gewijzigd.connect(
            lambda sender, **kw: received.append(kw), dispatch_uid="imp", weak=False
        )
        try:
            assert run_import(path) == "erkenningen: 0 nieuw, 1 gewijzigd, 0 ongewijzigd"
        finally:
            erkenning_gewijzigd.disconnect(dispatch_uid="imp")
        e = Erkenning.objects.get()
        assert e.status == INGETROKKEN and e.sinds == date(2025, 10, 1)
        assert e.contact == "SBB-adviseur J. Jansen"  # the file has no contact: kept
        assert received[0]["oud_status"] == ERKEND and received[0]["actor"] is None

    @pytest.mark.parametrize(
        ("rows", "line", "column", "reason"),
        [
            ("onbekend-9;25250;erkend;03-03-2025", 3, "leerbedrijf_id", "onbekend leerbedrijf-ID 'onbekend-9'"),
            ("alpha-1;99999;erkend;03-03-2025", 3, "crebo", "onbekend crebo '99999'"),
            ("alpha-1;2525;erkend;03-03-2025", 3, "crebo", "'2525' is geen crebonummer van vijf cijfers"),
            ("alpha-1;25250;misschien;03-03-2025", 3, "status", "'misschien' is niet een van erkend, aangevraagd, ingetrokken, geen"),
            ("alpha-1;25250;erkend;31-02-2025", 3, "datum", "'31-02-2025' is geen datum (dd-mm-jjjj of jjjj-mm-dd)"),
            ("alpha-1;25250;erkend;3 maart 2025", 3, "datum", "'3 maart 2025' is geen datum (dd-mm-jjjj of jjjj-mm-dd)"),
            ("alpha-1;25250;erkend;01-01-2999", 3, "datum", "'01-01-2999' ligt in de toekomst"),
            ("alpha-1;25250;erkend;", 3, "datum", "verplicht bij status erkend (de datum sinds)"),
            ("alpha-1;;erkend;03-03-2025", 3, "crebo", "verplichte waarde is leeg"),
            ("alpha-1;25250;erkend", 3, "-", "4 cellen verwacht, 3 gevonden"),
            ("gemeente-1;25250;erkend;03-03-2025", 3, "leerbedrijf_id", "'gemeente-1' is Gemeente Alphastad, dat geen leerbedrijf of sw-bedrijf is"),
            ("beta-1;25250;erkend;03-03-2025", 3, "crebo", "beta-1 met crebo 25250 komt twee keer voor (eerst op regel 2)"),
        ],
    )  # fmt: skip
    def test_every_bad_row_is_reported_and_nothing_is_stored(
        self, world, kwal, tmp_path, rows, line, column, reason
    ):
        org = world.alpha.verwijzer_org
        org.leerbedrijf_id = "gemeente-1"
        org.save()
        # A good first row: it is not stored either (all or nothing).
        path = write(
            tmp_path, f"leerbedrijf-ID;crebo;status;datum\nbeta-1;25250;erkend;03-03-2025\n{rows}\n"
        )
        before = stored()
        errors = failing_import(path)
        assert errors == [f"erkenningen.csv:{line}: {column}: {reason}"]
        assert all(ERROR_LINE.match(e) for e in errors)
        assert stored() == before

    def test_every_error_of_a_file_is_listed_at_once(self, world, kwal, tmp_path):
        path = write(
            tmp_path,
            "# SBB register, export\nleerbedrijf_id,crebo,status,datum\n"
            "onbekend,25250,erkend,03-03-2025\nalpha-1,99999,vaag,2025-13-01\n",
        )
        errors = failing_import(path)
        assert [e.split(": ")[0:2] for e in errors] == [
            ["erkenningen.csv:3", "leerbedrijf_id"],
            ["erkenningen.csv:4", "crebo"],
            ["erkenningen.csv:4", "status"],
            ["erkenningen.csv:4", "datum"],
        ]
        assert not Erkenning.objects.exists()

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            ("leerbedrijf_id;crebo;datum\nalpha-1;25250;03-03-2025\n", ["erkenningen.csv:1: status: verplichte kolom ontbreekt"]),
            ("leerbedrijf_id;crebo;status;datum;naam\n", ["erkenningen.csv:1: naam: onbekende kolom"]),
            ("leerbedrijf_id;crebo;crebo;status;datum\n", ["erkenningen.csv:1: crebo: kolom komt meer dan eens voor"]),
            ("", ["erkenningen.csv:1: -: het bestand is leeg (een kopregel is verplicht)"]),
            (b"leerbedrijf_id;crebo;status;datum\nBakkerij \xe9;25250;erkend;\n", ["erkenningen.csv:2: -: het bestand is geen UTF-8 (bij byte 43)"]),
        ],
    )  # fmt: skip
    def test_a_bad_header_or_file_is_reported(self, world, kwal, tmp_path, content, expected):
        assert failing_import(write(tmp_path, content)) == expected
        assert not Erkenning.objects.exists()

    def test_a_missing_file_is_reported(self, tmp_path):
        errors = failing_import(tmp_path / "erkenningen.csv")
        assert len(errors) == 1 and errors[0].startswith("erkenningen.csv:0: -: kan het bestand")

    def test_an_uploaded_file_and_a_user_who_may_not_record(self, world, kwal):
        upload = io.BytesIO(b"leerbedrijf_id,crebo,status,datum\nalpha-1,25250,erkend,2025-03-03\n")
        upload.name = "/tmp/sbb.csv"  # type: ignore[attr-defined]
        with pytest.raises(PermissionDenied):
            importeer(upload, actor=world.user(Role.VERWIJZER))
        resultaat = importeer(upload, actor=world.user(Role.MBO_MEDEWERKER))
        assert resultaat.nieuw == 1
        assert Erkenning.objects.get().bron == "SBB register (import sbb.csv)"


# --- selectors --------------------------------------------------------------------------------


class TestToets:
    def test_both_recognitions_in_order_block_nothing(self, world, kwal):
        vastleggen(world, kwal)
        vastleggen(world, kwal, soort=DL, bron="DUO")
        bevindingen = selectors.toets(
            leerbedrijf=world.alpha.leerbedrijf,
            mbo_instelling=world.alpha.mbo,
            kwalificaties=[kwal, kwal],
        )
        assert [(b.soort, b.in_orde, b.aangevraagd) for b in bevindingen] == [
            (LB, True, False),
            (DL, True, False),
        ]
        assert (
            selectors.blokkades(
                leerbedrijf=world.alpha.leerbedrijf,
                mbo_instelling=world.alpha.mbo,
                kwalificaties=[kwal],
            )
            == []
        )
        with translation.override("nl"):
            b = selectors.toets(
                leerbedrijf=world.alpha.leerbedrijf,
                mbo_instelling=world.alpha.mbo,
                kwalificaties=[kwal],
            )[0]
        assert b.melding == (
            "Leerbedrijf Alphastad is erkend voor crebo 25250 (Logistiek medewerker): erkend sinds "
            "3 maart 2025 (SBB register, gecontroleerd op 20 november 2025)."
        )  # fmt: skip

    def blokkades(self, world: Any, *kwals: Kwalificatie) -> list[str]:
        with translation.override("nl"):
            return selectors.blokkades(
                leerbedrijf=world.alpha.leerbedrijf,
                mbo_instelling=world.alpha.mbo,
                kwalificaties=kwals,
            )

    def test_applied_for_blocks_and_names_whom_to_contact(self, world, kwal):
        vastleggen(world, kwal, status=AANGEVRAAGD, contact="SBB-adviseur J. Jansen, 088-1234567")
        vastleggen(world, kwal, soort=DL, bron="DUO", status=AANGEVRAAGD, sinds=None)
        b = selectors.toets(
            leerbedrijf=world.alpha.leerbedrijf,
            mbo_instelling=world.alpha.mbo,
            kwalificaties=[kwal],
        )
        assert [(x.in_orde, x.aangevraagd) for x in b] == [(False, True), (False, True)]
        assert self.blokkades(world, kwal) == [
            "Erkenning aangevraagd: Leerbedrijf Alphastad is nog niet erkend voor crebo 25250 "
            "(Logistiek medewerker). Neem contact op met: SBB-adviseur J. Jansen, 088-1234567.",
            "Erkenning aangevraagd: ROC Alphastad mag crebo 25250 (Logistiek medewerker) nog niet "
            "in de derde leerweg aanbieden. Neem contact op met: de mbo-instelling, die de "
            "erkenning voor de derde leerweg aanvraagt bij DUO.",
        ]

    def test_applied_for_without_contact_names_sbb(self, world, kwal):
        vastleggen(world, kwal, status=AANGEVRAAGD)
        assert (
            "Neem contact op met: de SBB-adviseur van het leerbedrijf (sbb.nl)."
            in self.blokkades(world, kwal)[0]
        )

    def test_revoked_and_not_recognised_block(self, world, kwal, kwal2):
        vastleggen(world, kwal, status=INGETROKKEN, sinds=date(2025, 10, 1))
        vastleggen(world, kwal2, status=GEEN, sinds=None)
        vastleggen(world, kwal, soort=DL, bron="DUO", status=INGETROKKEN, sinds=date(2025, 10, 1))
        assert self.blokkades(world, kwal2, kwal) == [
            "De erkenning van Leerbedrijf Alphastad voor crebo 25250 (Logistiek medewerker) is "
            "ingetrokken (ingetrokken sinds 1 oktober 2025 (SBB register, gecontroleerd op 20 "
            "november 2025)): vraag de erkenning opnieuw aan bij SBB.",
            "De erkenning van DUO voor ROC Alphastad om crebo 25250 (Logistiek medewerker) in de "
            "derde leerweg aan te bieden is ingetrokken (ingetrokken sinds 1 oktober 2025 (DUO, "
            "gecontroleerd op 20 november 2025)).",
            "Leerbedrijf Alphastad is niet erkend voor crebo 25256 (Medewerker bakkerij): vraag "
            "de erkenning aan bij SBB.",
            "ROC Alphastad heeft geen erkenning van DUO om crebo 25256 (Medewerker bakkerij) in "
            "de derde leerweg aan te bieden.",
        ]  # fmt: skip

    def test_the_missing_derde_leerweg_recognition_of_the_mbo_blocks(self, world, kwal):
        vastleggen(world, kwal)
        assert self.blokkades(world, kwal) == [
            "ROC Alphastad heeft geen erkenning van DUO om crebo 25250 (Logistiek medewerker) in "
            "de derde leerweg aan te bieden."
        ]
        # Another organisation's recognition does not count.
        vastleggen(world, kwal, soort=DL, bron="DUO", organisatie=world.beta.mbo)
        assert len(self.blokkades(world, kwal)) == 1

    def test_no_leerbedrijf_or_mbo_yet(self, world, kwal):
        with translation.override("nl"):
            meldingen = selectors.blokkades(
                leerbedrijf=None, mbo_instelling=None, kwalificaties=[kwal]
            )
        assert meldingen[0].startswith("Er is nog geen leerbedrijf gekozen")
        assert meldingen[1].startswith("Er is nog geen mbo-instelling gekozen")

    def test_status_voor_and_the_referenties_for_the_pok(self, world, kwal, kwal2):
        e = vastleggen(world, kwal)
        assert selectors.status_voor(world.alpha.leerbedrijf, kwal, LB) == e
        assert selectors.status_voor(world.alpha.leerbedrijf, kwal, DL) is None
        with translation.override("nl"):
            rows = selectors.referenties(
                leerbedrijf=world.alpha.leerbedrijf, kwalificaties=[kwal2, kwal]
            )
        assert rows[0] == {
            "crebo": "25250", "kwalificatie": "Logistiek medewerker", "status": "erkend",
            "status_label": "erkend", "sinds": "2025-03-03", "gecontroleerd_op": "2025-11-20",
            "bron": "SBB register",
            "referentie": "erkend sinds 3 maart 2025 (SBB register, gecontroleerd op 20 november 2025)",
        }  # fmt: skip
        assert rows[1]["status"] == "geen" and rows[1]["sinds"] == rows[1]["gecontroleerd_op"] == ""


# --- the pages --------------------------------------------------------------------------------


def form(world: Any, kwal: Kwalificatie, **changes: Any) -> dict[str, Any]:
    data = {
        "organisatie": world.alpha.leerbedrijf.pk,
        "kwalificatie": kwal.pk,
        "soort": LB,
        "status": AANGEVRAAGD,
        "sinds": "2025-11-01",
        "bron": "SBB register",
        "gecontroleerd_op": today().isoformat(),
        "contact": "SBB-adviseur J. Jansen",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class TestPaginas:
    def test_every_role_reads_the_register_filtered_by_organisation(
        self, client, world, kwal, kwal2
    ):
        vastleggen(world, kwal)
        vastleggen(world, kwal2, status=AANGEVRAAGD, contact="SBB-adviseur J. Jansen")
        vastleggen(world, kwal, organisatie=world.beta.leerbedrijf)
        client.force_login(world.user(Role.VERWIJZER))
        url = reverse("erkenningen:list")
        html = client.get(url).content.decode()
        assert "Erkenningenregister" in html and "Leerbedrijf Betastad" in html
        assert "Erkenning vastleggen" not in html  # a verwijzer does not record
        html = client.get(url, {"organisatie": world.alpha.leerbedrijf.pk}).content.decode()
        assert "Leerbedrijf Alphastad is erkend voor" in html
        assert f'?organisatie={world.beta.leerbedrijf.pk}"' not in html  # no row of another
        assert "SBB-adviseur J. Jansen" in html
        html = client.get(url, {"status": AANGEVRAAGD}).content.decode()
        assert "25256" in html and "Logistiek medewerker" not in html
        html = client.get(url, {"q": "25250", "soort": LB}).content.decode()
        assert "Medewerker bakkerij" not in html and "Logistiek medewerker" in html

    def test_the_mbo_records_and_changes_through_the_form(self, client, world, kwal):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        response = client.post(reverse("erkenningen:create"), form(world, kwal))
        assert response.status_code == 302
        e = Erkenning.objects.get()
        assert e.status == AANGEVRAAGD and e.contact == "SBB-adviseur J. Jansen"
        url = reverse("erkenningen:update", args=[e.pk])
        assert "Erkenning wijzigen" in client.get(url).content.decode()
        response = client.post(url, form(world, kwal, status=ERKEND, contact=""))
        assert response.status_code == 302
        e.refresh_from_db()
        assert e.status == ERKEND and e.contact == ""
        html = client.get(response["Location"]).content.decode()
        assert "De erkenning is gewijzigd." in html

    def test_a_bad_form_answers_in_dutch_and_stores_nothing(self, client, world, kwal):
        client.force_login(world.user(Role.PROJECTLEIDER))
        response = client.post(
            reverse("erkenningen:create"),
            form(world, kwal, status=ERKEND, sinds=None, organisatie=world.alpha.mbo.pk),
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Vul de datum in sinds wanneer de erkenning geldt." in html
        assert "ROC Alphastad is geen leerbedrijf of sw-bedrijf" in html
        assert not Erkenning.objects.exists()

    def test_a_verwijzer_cannot_record(self, client, world, kwal):
        e = vastleggen(world, kwal)
        client.force_login(world.user(Role.VERWIJZER))
        assert client.post(reverse("erkenningen:create"), form(world, kwal)).status_code == 403
        assert (
            client.post(reverse("erkenningen:update", args=[e.pk]), form(world, kwal)).status_code
            == 403
        )
        assert Erkenning.objects.get().status == ERKEND

    def test_sbb_confirms_by_post_only(self, client, world, kwal):
        e = vastleggen(world, kwal)
        client.force_login(world.sbb)
        url = reverse("erkenningen:confirm", args=[e.pk])
        assert client.get(url).status_code == 405
        assert "Bevestigen" in client.get(reverse("erkenningen:list")).content.decode()
        response = client.post(url, follow=True)
        assert "De erkenning is bevestigd." in response.content.decode()
        e.refresh_from_db()
        assert e.bevestigd_door == world.sbb
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        assert client.post(url).status_code == 403
