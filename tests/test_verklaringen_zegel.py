"""The mbo-verklaring's document and seal: the national-model layout rendered to PDF/A with real
WeasyPrint, sealed (PAdES) with real pyHanko, checked by pyHanko and by `controleer_zegel`."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from pilots.roles import Role
from verklaringen.constants import PdfStatus, PraktijkverklaringStatus
from verklaringen.document import render_mbo_verklaring, verificatie_url
from verklaringen.models import MboVerklaring, Praktijkverklaring, Registratie, Zegelcertificaat
from verklaringen.tasks import maak_mbo_verklaring_pdf
from verklaringen.testcertificaat import maak_testcertificaat
from verklaringen.zegel import configureer_certificaat, controleer_zegel, zegel

AMS = ZoneInfo("Europe/Amsterdam")
CODE = "K7PX2M9QRT4W"

WERKPROCESSEN = [
    {
        "code": "B1-K1-W1",
        "naam": "Neemt goederen in ontvangst",
        "kerntaak": {"code": "B1-K1", "naam": "Ontvangt en slaat goederen op"},
        "crebo": "25255",
        "kwalificatie": "Medewerker logistiek",
        "niveau": "2",
        "domein": "Transport en logistiek",
    },
    {
        "code": "B1-K1-W3",
        "naam": "Slaat goederen op",
        "kerntaak": {"code": "B1-K1", "naam": "Ontvangt en slaat goederen op"},
        "crebo": "25255",
        "kwalificatie": "Medewerker logistiek",
        "niveau": "2",
        "domein": "Transport en logistiek",
    },
    {
        "code": "B1-K2-W2",
        "naam": "Verzorgt de presentatie van producten",
        "kerntaak": {"code": "B1-K2", "naam": "Presenteert producten"},
        "crebo": "25602",
        "kwalificatie": "Verkoper",
        "niveau": "Entree",
        "domein": "Handel",
    },
]


@pytest.fixture(autouse=True)
def _dutch() -> Any:
    """Messages are asserted in Dutch; an earlier test may have left English active."""
    with translation.override("nl"):
        yield


def _inhoud(world: Any) -> dict[str, Any]:
    a = world.alpha
    return {
        "deelnemer": {"naam": "Adaalpha Zichtbaar", "geboortedatum": "1991-03-04"},
        "mbo_instelling": {"naam": a.mbo.naam, "brin": "25PX"},
        "leerbedrijf": {
            "naam": a.leerbedrijf.naam,
            "plaats": "Alfastad",
            "leerbedrijf_id": "100234567",
        },
        "praktijkopleider": "Piet Praktijk",
        "startdatum": "2026-10-15",
        "einddatum": "2027-04-30",
        "werkprocessen": WERKPROCESSEN,
        "ondertekend": {"naam": "Piet Praktijk", "op": "2027-05-02T10:15:00+02:00"},
    }


@pytest.fixture
def mv(world: Any, settings: Any) -> MboVerklaring:
    settings.VERKLARINGEN_TESTCERTIFICAAT = True
    settings.SITE_URL = "https://praktijkleren.example"
    a = world.alpha
    pv = Praktijkverklaring.objects.create(
        traject=a.traject,
        volgnummer=1,
        status=PraktijkverklaringStatus.ONDERTEKEND,
        inhoud=_inhoud(world),
        ondertekend_op=datetime(2027, 5, 2, 10, 15, tzinfo=AMS),
    )
    registratie = Registratie.objects.create(
        nummer="MV-2027-000001",
        verificatiecode=CODE,
        pilot=a.pilot,
        deelnemer=a.deelnemer,
        instelling=a.mbo,
        instelling_naam=a.mbo.naam,
        uitgegeven_op=date(2027, 5, 10),
        houder_naam="Adaalpha Zichtbaar",
        werkprocessen=WERKPROCESSEN,
    )
    return MboVerklaring.objects.create(
        praktijkverklaring=pv,
        mbo_instelling=a.mbo,
        overige_resultaten="Nederlands 2F behaald\n\nRekenen 2F behaald\n",
        registratie=registratie,
        uitgegeven_door=a.users[Role.EXAMENCOMMISSIE],
        uitgegeven_op=datetime(2027, 5, 10, 9, 0, tzinfo=AMS),
    )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def sealed(mv: MboVerklaring) -> bytes:
    maak_mbo_verklaring_pdf(mv.pk)
    mv.refresh_from_db()
    with mv.pdf.open("rb") as f:
        return f.read()


def one_byte_changed(data: bytes) -> bytes:
    """Flip a byte inside the first signed range (the document itself, not the signature)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    start, length = signature.byte_range[0], signature.byte_range[1]
    assert length > 2000
    changed = bytearray(data)
    changed[start + length // 2] ^= 0x01
    return bytes(changed)


def stored_certificates() -> list[Any]:
    """The institution certificates in the database, as pyHanko's trust roots."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from verklaringen.zegel import _ontsleutel

    roots = []
    for c in Zegelcertificaat.objects.all():
        _key, cert, _extra = pkcs12.load_key_and_certificates(
            bytes(c.pkcs12), _ontsleutel(c).encode()
        )
        assert cert is not None
        roots.append(asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)))
    return roots


def pyhanko_status(data: bytes) -> Any:
    """pyHanko's own validation, trusting the stored institution certificates."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    context = ValidationContext(trust_roots=stored_certificates(), allow_fetching=False)
    return validate_pdf_signature(signature, context)


class TestTheDocument:
    def test_the_pdf_text_carries_everything_the_national_model_prints(self, mv):
        _html, pdf = render_mbo_verklaring(mv)
        text = pdf_text(pdf)
        for expected in [
            "Mbo-verklaring",
            "Praktijkverklaring",
            mv.mbo_instelling.naam,
            "Adaalpha Zichtbaar",
            "4 maart 1991",
            mv.praktijkverklaring.inhoud["leerbedrijf"]["naam"],
            "Alfastad",
            "100234567",
            "Piet Praktijk",
            "online ondertekend op 2 mei 2027",
            "15 oktober 2026",
            "30 april 2027",
            "Medewerker logistiek",
            "25255",
            "Verkoper",
            "25602",
            "Entree",
            "Ontvangt en slaat goederen op",
            "Nederlands 2F behaald",
            "Rekenen 2F behaald",
            "examencommissie",
            "10 mei 2027",
            "MV-2027-000001",
            CODE,
        ]:
            assert expected in text, expected
        for wp in WERKPROCESSEN:
            assert wp["code"] in text and wp["naam"] in text

    def test_the_pdf_says_what_was_learned_to_perform_and_never_claims_mastery(self, mv):
        """Issue 11, as the landelijk model words it: "heeft geleerd ... uit te voeren"; the
        institution never claims "beheersen"."""
        _html, pdf = render_mbo_verklaring(mv)
        text = pdf_text(pdf)
        assert "heeft geleerd de werkprocessen uit te voeren" in text
        assert "Werkprocessen die de deelnemer in de praktijk heeft geleerd uit te voeren" in text
        assert "beheers" not in text.lower()

    def test_the_pdf_lists_exactly_the_werkprocessen_of_the_praktijkverklaring(self, mv):
        _html, pdf = render_mbo_verklaring(mv)
        printed = set(re.findall(r"\bB\d+-K\d+-W\d+\b", pdf_text(pdf)))
        assert printed == {wp["code"] for wp in WERKPROCESSEN}

    def test_the_qr_code_and_the_printed_link_point_at_the_public_verification_page(self, mv):
        html, pdf = render_mbo_verklaring(mv)
        url = verificatie_url(CODE)
        assert url.startswith("https://praktijkleren.example/verificatie/")
        assert url.endswith(f"{CODE}/")
        assert "<svg" in html and url in html
        assert url in pdf_text(pdf).replace(" ", "")

    def test_the_document_is_dutch_whatever_language_is_active(self, mv):
        with translation.override("en"):
            _html, pdf = render_mbo_verklaring(mv)
        text = pdf_text(pdf)
        assert "Geboortedatum" in text and "Date of birth" not in text

    def test_the_pdf_is_pdf_a(self, mv):
        _html, pdf = render_mbo_verklaring(mv)
        xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
        xmp = xmp.decode()
        part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
        conformance = re.search(r"pdfaid:conformance(?:>|=\")([ABU])", xmp)
        assert part and part.group(1) == "3"
        assert conformance and conformance.group(1) == "B"

    def test_sealing_keeps_the_pdf_a_identification_and_consistent_metadata(self, mv):
        reader = PdfReader(io.BytesIO(sealed(mv)))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert re.search(r"pdfaid:part(?:>|=\")3", xmp)
        # PDF/A: the Info dictionary and the XMP say the same (pyHanko would differ here).
        producer = re.search(r"pdf:Producer(?:>|=\")([^<\"]*)", xmp)
        assert producer and producer.group(1) == reader.metadata["/Producer"]


class TestTheSeal:
    def test_pyhanko_reports_the_issued_pdf_intact_and_trusted(self, mv):
        status = pyhanko_status(sealed(mv))
        assert status.intact and status.valid and status.trusted
        assert mv.mbo_instelling.naam in status.signing_cert.subject.human_friendly

    def test_pyhanko_reports_a_copy_with_one_byte_changed_as_broken(self, mv):
        status = pyhanko_status(one_byte_changed(sealed(mv)))
        assert not (status.intact and status.valid)
        assert not status.bottom_line

    def test_controleer_zegel_agrees_with_pyhanko(self, mv):
        data = sealed(mv)
        uitslag = controleer_zegel(data)
        assert uitslag.gezegeld and uitslag.intact and uitslag.vertrouwd, uitslag
        assert uitslag.ondertekenaar == mv.mbo_instelling.naam
        assert uitslag.fout == ""
        kapot = controleer_zegel(one_byte_changed(data))
        assert kapot.gezegeld and not kapot.intact and not kapot.vertrouwd
        assert "gewijzigd" in kapot.fout

    def test_bytes_appended_after_the_seal_break_it(self, mv):
        """An incremental update that changes what the document shows, after the seal."""
        from pyhanko.pdf_utils.generic import pdf_string
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        writer = IncrementalPdfFileWriter(io.BytesIO(sealed(mv)))
        writer.root["/Lang"] = pdf_string("en")
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        uitslag = controleer_zegel(out.getvalue())
        assert uitslag.gezegeld and not uitslag.intact

    def test_a_seal_by_a_certificate_we_do_not_know_is_intact_but_not_trusted(self, mv):
        data = sealed(mv)
        Zegelcertificaat.objects.all().delete()
        uitslag = controleer_zegel(data)
        assert uitslag.gezegeld and uitslag.intact and not uitslag.vertrouwd
        assert uitslag.fout

    def test_the_seal_names_the_institution_whose_certificate_made_it(self, mv, world):
        """The verification page compares this with the issuer in the register."""
        eigen = controleer_zegel(sealed(mv))
        ander = controleer_zegel(zegel(render_mbo_verklaring(mv)[1], world.beta.mbo))
        assert eigen.ondertekenaar == mv.mbo_instelling.naam
        assert ander.vertrouwd and ander.ondertekenaar == world.beta.mbo.naam

    @pytest.mark.parametrize(
        "garbage",
        [b"", b"hello", b"%PDF-1.7\n%%EOF", b"\x00" * 5000, b"PK\x03\x04zip"],
    )
    def test_controleer_zegel_never_raises_on_garbage(self, db, garbage):
        uitslag = controleer_zegel(garbage)
        assert not uitslag.gezegeld and not uitslag.intact and not uitslag.vertrouwd
        assert uitslag.fout

    def test_a_truncated_or_unsealed_pdf_is_not_sealed(self, mv):
        data = sealed(mv)
        afgekapt = controleer_zegel(data[: len(data) // 2])
        assert not afgekapt.intact and not afgekapt.vertrouwd
        _html, ongezegeld = render_mbo_verklaring(mv)
        uitslag = controleer_zegel(ongezegeld)
        assert not uitslag.gezegeld and uitslag.fout


class TestTheTask:
    def test_running_the_task_twice_makes_one_file_and_the_same_sha(self, mv, settings):
        eerste = maak_mbo_verklaring_pdf(mv.pk)
        tweede = maak_mbo_verklaring_pdf.delay(mv.pk).get()
        mv.refresh_from_db()
        assert eerste == tweede == mv.registratie.pdf_sha256
        assert mv.pdf_status == PdfStatus.KLAAR and mv.pdf_fout == ""
        with mv.pdf.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == eerste
        files = list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
        assert len(files) == 1 and "MV-2027-000001" in files[0].name
        assert Zegelcertificaat.objects.filter(organisatie=mv.mbo_instelling).count() == 1

    def test_the_test_certificate_is_made_once_and_reused(self, mv):
        maak_mbo_verklaring_pdf(mv.pk)
        certificaat = Zegelcertificaat.objects.get(organisatie=mv.mbo_instelling)
        _html, pdf = render_mbo_verklaring(mv)
        zegel(pdf, mv.mbo_instelling)
        assert Zegelcertificaat.objects.get(organisatie=mv.mbo_instelling).pk == certificaat.pk
        assert b"Praktijkleren" not in bytes(certificaat.wachtwoord_versleuteld)

    def test_after_success_the_participant_gets_the_pdf_by_e_mail_once(
        self, mv, mailoutbox, django_capture_on_commit_callbacks
    ):
        deelnemer = mv.praktijkverklaring.traject.deelnemer
        deelnemer.email = "ada@example.test"
        deelnemer.save(update_fields=["email"])
        with django_capture_on_commit_callbacks(execute=True):
            maak_mbo_verklaring_pdf(mv.pk)
        (message,) = mailoutbox
        assert message.to == ["ada@example.test"]
        assert message.attachments[0][0] == "MV-2027-000001.pdf"
        assert f"https://praktijkleren.example/verificatie/{CODE}/" in message.body
        with django_capture_on_commit_callbacks(execute=True):
            maak_mbo_verklaring_pdf(mv.pk)  # done already: no second e-mail
        assert len(mailoutbox) == 1

    def test_without_a_certificate_the_task_fails_and_keeps_the_reason(self, mv, settings):
        settings.VERKLARINGEN_TESTCERTIFICAAT = False
        with pytest.raises(ImproperlyConfigured):
            maak_mbo_verklaring_pdf(mv.pk)
        mv.refresh_from_db()
        assert mv.pdf_status == PdfStatus.MISLUKT
        assert mv.pdf_fout == f"Geen zegelcertificaat ingesteld voor {mv.mbo_instelling.naam}."
        assert not mv.pdf and mv.registratie.pdf_sha256 == ""

    def test_a_failed_verklaring_succeeds_once_a_certificate_is_installed(self, mv, settings):
        settings.VERKLARINGEN_TESTCERTIFICAAT = False
        with pytest.raises(ImproperlyConfigured):
            maak_mbo_verklaring_pdf(mv.pk)
        data, wachtwoord = maak_testcertificaat(mv.mbo_instelling.naam)
        configureer_certificaat(organisatie=mv.mbo_instelling, pkcs12=data, wachtwoord=wachtwoord)
        maak_mbo_verklaring_pdf(mv.pk)
        mv.refresh_from_db()
        assert mv.pdf_status == PdfStatus.KLAAR and mv.pdf_fout == ""

    def test_an_unissued_mbo_verklaring_gets_no_pdf(self, mv):
        mv.registratie = None
        mv.save(update_fields=["registratie"])
        with pytest.raises(ValidationError):
            maak_mbo_verklaring_pdf(mv.pk)
        mv.refresh_from_db()
        assert mv.pdf_status == PdfStatus.MISLUKT and mv.pdf_fout


class TestConfiguringACertificate:
    def test_a_pkcs12_with_a_wrong_password_is_refused_with_a_dutch_message(self, world):
        data, _wachtwoord = maak_testcertificaat("ROC Alfastad")
        with pytest.raises(ValidationError) as exc:
            configureer_certificaat(organisatie=world.alpha.mbo, pkcs12=data, wachtwoord="fout")
        assert exc.value.messages == ["Het wachtwoord opent dit PKCS#12-bestand niet."]
        assert not Zegelcertificaat.objects.exists()

    def test_a_file_that_is_not_pkcs12_is_refused_with_a_dutch_message(self, world):
        with pytest.raises(ValidationError) as exc:
            configureer_certificaat(
                organisatie=world.alpha.mbo, pkcs12=b"-----BEGIN CERTIFICATE-----", wachtwoord="x"
            )
        assert exc.value.messages == ["Dit is geen PKCS#12-bestand (.p12 of .pfx)."]

    def test_only_an_mbo_instelling_gets_a_seal_certificate(self, world):
        data, wachtwoord = maak_testcertificaat("Leerbedrijf")
        with pytest.raises(ValidationError):
            configureer_certificaat(
                organisatie=world.alpha.leerbedrijf, pkcs12=data, wachtwoord=wachtwoord
            )

    def test_a_good_file_is_stored_with_its_password_encrypted(self, world):
        data, wachtwoord = maak_testcertificaat("ROC Alfastad")
        certificaat = configureer_certificaat(
            organisatie=world.alpha.mbo, pkcs12=data, wachtwoord=wachtwoord
        )
        assert "ROC Alfastad" in certificaat.onderwerp
        assert certificaat.geldig_tot and certificaat.geldig_tot.year >= date.today().year + 9
        assert wachtwoord.encode() not in bytes(certificaat.wachtwoord_versleuteld)

    def test_the_management_command_installs_a_certificate_by_brin(
        self, world, tmp_path, monkeypatch
    ):
        mbo = world.alpha.mbo
        mbo.brin = "25PX"
        mbo.save(update_fields=["brin"])
        data, wachtwoord = maak_testcertificaat(mbo.naam)
        bestand = tmp_path / "roc.p12"
        bestand.write_bytes(data)
        monkeypatch.setenv("ZEGELCERTIFICAAT_WACHTWOORD", wachtwoord)
        out = io.StringIO()
        call_command(
            "zegelcertificaat", "--organisatie", "25px", "--bestand", str(bestand), stdout=out
        )
        assert Zegelcertificaat.objects.get(organisatie=mbo).onderwerp
        assert mbo.naam in out.getvalue()
        monkeypatch.setenv("ZEGELCERTIFICAAT_WACHTWOORD", "fout")
        with pytest.raises(CommandError, match="Het wachtwoord opent dit PKCS#12-bestand niet"):
            call_command(
                "zegelcertificaat", "--organisatie", str(mbo.pk), "--bestand", str(bestand)
            )


class TestCertificateRenewal:
    def test_verklaringen_sealed_before_a_new_certificate_keep_verifying(self, mv):
        from verklaringen.zegel import controleer_zegel

        data = sealed(mv)
        assert controleer_zegel(data).vertrouwd
        nieuw, wachtwoord = maak_testcertificaat(mv.mbo_instelling.naam)
        configureer_certificaat(organisatie=mv.mbo_instelling, pkcs12=nieuw, wachtwoord=wachtwoord)
        uitslag = controleer_zegel(data)
        assert uitslag.intact and uitslag.vertrouwd


def _signer_cert_sha(data: bytes) -> str:
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return hashlib.sha256(signature.signer_cert.dump()).hexdigest()


@pytest.mark.django_db
def test_a_replaced_certificate_seals_the_next_pdf_though_signers_are_kept_loaded(mv):
    """Issue 16: a process keeps its loaded signer (loading the PKCS#12 was most of a seal's
    cost); a new certificate for the institution must seal the very next document."""
    from weasyprint import HTML

    pdf = HTML(string="<p>Verklaring</p>").write_pdf()
    eerste = zegel(pdf, mv.mbo_instelling)
    assert _signer_cert_sha(zegel(pdf, mv.mbo_instelling)) == _signer_cert_sha(eerste)
    nieuw, wachtwoord = maak_testcertificaat(mv.mbo_instelling.naam)
    configureer_certificaat(organisatie=mv.mbo_instelling, pkcs12=nieuw, wachtwoord=wachtwoord)
    daarna = zegel(pdf, mv.mbo_instelling)
    assert _signer_cert_sha(daarna) != _signer_cert_sha(eerste)
    assert controleer_zegel(daarna).vertrouwd
