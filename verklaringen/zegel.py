"""The seal of an mbo-verklaring: a PAdES signature with the issuing institution's certificate.

An mbo-instelling configures a PKCS#12 file (certificate and private key) with its password; the
password is stored encrypted with a key derived from SECRET_KEY. Development and tests use a
certificate the project makes itself (a test CA and a seal certificate per institution), only
when `settings.VERKLARINGEN_TESTCERTIFICAAT` is on (default: `DEBUG`).

`controleer_zegel` answers the question an employer asks of an uploaded PDF: is it sealed, are
the sealed bytes unchanged, and was it sealed with a certificate one of our institutions
configured. Trust is deliberately narrow: the trust roots are exactly the certificates stored in
`Zegelcertificaat` rows, not the CAs that issued them, so another holder of a certificate from
the same CA can never produce a "trusted" seal.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as pyca_pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from pilots.constants import OrganisatieSoort
from pilots.models import Organisatie
from praktijkleren import audit
from praktijkleren.models import User

from .models import VorigZegelcertificaat, Zegelcertificaat

__all__ = [
    "ZEGEL_VELD",
    "ZegelUitslag",
    "configureer_certificaat",
    "controleer_zegel",
    "testcertificaat_toegestaan",
    "zegel",
]

logger = logging.getLogger(__name__)

ZEGEL_VELD = "Zegel"
_FERNET_SALT = "verklaringen.zegel.wachtwoord"


@dataclass(frozen=True)
class ZegelUitslag:
    """What a seal check found. `fout` says why, in Dutch, when something is not right."""

    gezegeld: bool
    intact: bool
    vertrouwd: bool
    ondertekenaar: str = ""
    fout: str = ""


# --- password encryption -------------------------------------------------------------------


def _fernet() -> MultiFernet:
    # Old keys in SECRET_KEY_FALLBACKS still decrypt, so rotating SECRET_KEY keeps the seals.
    geheimen = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(_FERNET_SALT, "fernet", secret=geheim, algorithm="sha256").digest()
                )
            )
            for geheim in geheimen
            if geheim
        ]
    )


def _versleutel(wachtwoord: str) -> bytes:
    return _fernet().encrypt(wachtwoord.encode())


def _ontsleutel(certificaat: Zegelcertificaat) -> str:
    try:
        return _fernet().decrypt(bytes(certificaat.wachtwoord_versleuteld)).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            _(
                "The password of the seal certificate of %(instelling)s cannot be decrypted "
                "(was SECRET_KEY changed?). Install the certificate again."
            )
            % {"instelling": certificaat.organisatie.naam}
        ) from exc


# --- PKCS#12 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sleutelmateriaal:
    key: Any
    cert: x509.Certificate
    extra: list[x509.Certificate]


def _open_pkcs12(data: bytes, wachtwoord: str) -> _Sleutelmateriaal:
    """Open a PKCS#12 file; a ValidationError says what is wrong in words a beheerder can use."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        # Structure only: cryptography gives one error for "not PKCS#12" and "wrong password".
        asn1_pkcs12.Pfx.load(data)["auth_safe"].native  # noqa: B018
    except Exception as exc:
        raise ValidationError(
            _("This is not a PKCS#12 file (.p12 or .pfx)."), code="geen_pkcs12"
        ) from exc
    try:
        key, cert, extra = pyca_pkcs12.load_key_and_certificates(
            data, wachtwoord.encode() if wachtwoord else None
        )
    except ValueError as exc:
        raise ValidationError(
            _("The password does not open this PKCS#12 file."), code="wachtwoord"
        ) from exc
    if key is None:
        raise ValidationError(_("The PKCS#12 file holds no private key."), code="geen_sleutel")
    if cert is None:
        raise ValidationError(_("The PKCS#12 file holds no certificate."), code="geen_certificaat")
    return _Sleutelmateriaal(key=key, cert=cert, extra=list(extra))


def _onderwerp(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()[:300]


def _controleer_materiaal(materiaal: _Sleutelmateriaal) -> None:
    cert = materiaal.cert
    if cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != materiaal.key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise ValidationError(
            _("The private key in the file does not belong to its certificate."),
            code="sleutel_past_niet",
        )
    nu = timezone.now()
    if cert.not_valid_after_utc <= nu:
        raise ValidationError(
            _("The certificate expired on %(datum)s.")
            % {"datum": formats.date_format(cert.not_valid_after_utc, "DATE_FORMAT")},
            code="verlopen",
        )
    if cert.not_valid_before_utc > nu:
        raise ValidationError(
            _("The certificate is only valid from %(datum)s.")
            % {"datum": formats.date_format(cert.not_valid_before_utc, "DATE_FORMAT")},
            code="nog_niet_geldig",
        )
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        ku = None
    if ku is not None and not (ku.digital_signature or ku.content_commitment):
        raise ValidationError(
            _("This certificate may not be used for signing (key usage)."), code="sleutelgebruik"
        )


def _signer(pkcs12: bytes, wachtwoord: str) -> Any:
    from pyhanko.sign import signers

    return signers.SimpleSigner.load_pkcs12_data(
        pkcs12, [], passphrase=wachtwoord.encode() if wachtwoord else None
    )


# Loaded signers per process (issue 16: loading the PKCS#12 cost ~31 of the ~43 ms a seal takes),
# keyed by the certificate and the SHA-256 of its exact bytes: a replaced certificate is a new key.
_SIGNERS: dict[tuple[int, str], Any] = {}
_MAX_SIGNERS = 16


def _signer_van(certificaat: Zegelcertificaat) -> Any:
    pkcs12 = bytes(certificaat.pkcs12)
    sleutel = (certificaat.pk, hashlib.sha256(pkcs12).hexdigest())
    signer = _SIGNERS.get(sleutel)
    if signer is None:
        signer = _signer(pkcs12, _ontsleutel(certificaat))
        if len(_SIGNERS) >= _MAX_SIGNERS:
            _SIGNERS.clear()
        _SIGNERS[sleutel] = signer
    return signer


def _bewaar(
    *, organisatie: Organisatie, materiaal: _Sleutelmateriaal, pkcs12: bytes, wachtwoord: str
) -> Zegelcertificaat:
    vorig = Zegelcertificaat.objects.filter(organisatie=organisatie).first()
    if vorig is not None:
        # Keep the old public certificate: what it sealed must keep verifying.
        try:
            oud = _open_pkcs12(bytes(vorig.pkcs12), _ontsleutel(vorig)).cert
        except (ValidationError, ImproperlyConfigured):
            logger.exception("Previous seal certificate %s cannot be opened", vorig.pk)
        else:
            if oud.public_bytes(serialization.Encoding.DER) != materiaal.cert.public_bytes(
                serialization.Encoding.DER
            ):
                VorigZegelcertificaat.objects.create(
                    organisatie=organisatie,
                    certificaat=oud.public_bytes(serialization.Encoding.DER),
                    onderwerp=vorig.onderwerp,
                    geldig_tot=vorig.geldig_tot,
                )
    certificaat, _created = Zegelcertificaat.objects.update_or_create(
        organisatie=organisatie,
        defaults={
            "pkcs12": pkcs12,
            "wachtwoord_versleuteld": _versleutel(wachtwoord),
            "onderwerp": _onderwerp(materiaal.cert),
            "geldig_tot": materiaal.cert.not_valid_after_utc,
        },
    )
    return certificaat


@transaction.atomic
def configureer_certificaat(
    *, organisatie: Organisatie, pkcs12: bytes, wachtwoord: str, actor: User | None = None
) -> Zegelcertificaat:
    """Install the PKCS#12 file an mbo-instelling seals its verklaringen with (replacing the one
    it had). Refused with a specific message when the file is not PKCS#12, the password is
    wrong, the key or certificate is missing or they do not match, or the certificate is not
    valid now."""
    if organisatie.soort != OrganisatieSoort.MBO_INSTELLING:
        raise ValidationError(
            _("Only an mbo-instelling seals verklaringen; %(organisatie)s is not one.")
            % {"organisatie": organisatie.naam},
            code="geen_mbo",
        )
    materiaal = _open_pkcs12(pkcs12, wachtwoord)
    _controleer_materiaal(materiaal)
    try:
        _signer(pkcs12, wachtwoord)
    except Exception as exc:  # a key type pyHanko cannot sign with
        raise ValidationError(
            _("This certificate cannot be used to seal PDF documents: %(reden)s") % {"reden": exc},
            code="onbruikbaar",
        ) from exc
    certificaat = _bewaar(
        organisatie=organisatie, materiaal=materiaal, pkcs12=pkcs12, wachtwoord=wachtwoord
    )
    audit.record(
        actor=actor,
        action="verklaringen.zegelcertificaat",
        obj=certificaat,
        changes={
            "onderwerp": certificaat.onderwerp,
            "geldig_tot": materiaal.cert.not_valid_after_utc.isoformat(),
        },
    )
    return certificaat


# --- the test certificate ------------------------------------------------------------------


def testcertificaat_toegestaan() -> bool:
    return bool(getattr(settings, "VERKLARINGEN_TESTCERTIFICAAT", settings.DEBUG))


def _testcertificaat(organisatie: Organisatie) -> Zegelcertificaat:
    """Make (once) and keep the test certificate of an institution, so its seals stay stable.
    Imported here, only when test certificates are allowed (never in production)."""
    from .testcertificaat import maak_testcertificaat

    data, wachtwoord = maak_testcertificaat(organisatie.naam)
    materiaal = _open_pkcs12(data, wachtwoord)
    try:
        with transaction.atomic():
            certificaat = Zegelcertificaat.objects.create(
                organisatie=organisatie,
                pkcs12=data,
                wachtwoord_versleuteld=_versleutel(wachtwoord),
                onderwerp=_onderwerp(materiaal.cert),
                geldig_tot=materiaal.cert.not_valid_after_utc,
            )
    except IntegrityError:  # another worker made it first: use theirs
        return Zegelcertificaat.objects.get(organisatie=organisatie)
    logger.warning("Generated a TEST seal certificate for %s (pk %s)", organisatie, organisatie.pk)
    return certificaat


def _certificaat_van(organisatie: Organisatie) -> Zegelcertificaat:
    certificaat = Zegelcertificaat.objects.filter(organisatie=organisatie).first()
    if certificaat is not None:
        return certificaat
    if testcertificaat_toegestaan():
        return _testcertificaat(organisatie)
    raise ImproperlyConfigured(
        _("No seal certificate has been installed for %(instelling)s.")
        % {"instelling": organisatie.naam}
    )


# --- sealing and checking ------------------------------------------------------------------


def _sync[T](fn: Callable[[], T]) -> T:
    """pyHanko's sync API calls asyncio.run(), which fails inside a running event loop (an
    async view, a Playwright test); run it on a thread of its own there."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def zegel(pdf: bytes, organisatie: Organisatie) -> bytes:
    """Seal `pdf` with the institution's certificate: a PAdES (B-B) signature in an invisible
    signature field, appended as an incremental update so PDF/A stays intact."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    certificaat = _certificaat_van(organisatie)
    signer = _signer_van(certificaat)
    with translation.override(settings.LANGUAGE_CODE):
        reden = _("Issued and sealed by %(instelling)s") % {"instelling": organisatie.naam}
    meta = signers.PdfSignatureMetadata(
        field_name=ZEGEL_VELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=organisatie.naam,
        reason=reden,
    )

    def teken() -> bytes:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        # pyHanko appends itself to the Info /Producer but writes only itself into the XMP
        # pdf:Producer; PDF/A requires the two to agree. Keep WeasyPrint's (consistent) metadata
        # as it is: the hook its author recommends for this (pyHanko issue #223).
        writer._update_meta = lambda: None  # type: ignore[method-assign]
        return signers.sign_pdf(writer, meta, signer=signer).getvalue()

    return _sync(teken)


def _vertrouwde_certificaten(signer_cert: Any) -> tuple[list[Any], str]:
    """The stored institution certificates equal to the signer's: the trust roots to validate
    against (empty when it is not one of ours), and that institution's name."""
    from asn1crypto import x509 as asn1_x509

    der = signer_cert.dump()
    onderwerp = _onderwerp(x509.load_der_x509_certificate(der))
    for certificaat in Zegelcertificaat.objects.filter(onderwerp=onderwerp).select_related(
        "organisatie"
    ):
        try:
            materiaal = _open_pkcs12(bytes(certificaat.pkcs12), _ontsleutel(certificaat))
        except (ValidationError, ImproperlyConfigured):
            logger.exception("Seal certificate %s cannot be opened", certificaat.pk)
            continue
        if materiaal.cert.public_bytes(serialization.Encoding.DER) == der:
            return [asn1_x509.Certificate.load(der)], certificaat.organisatie.naam
    for vorig in VorigZegelcertificaat.objects.filter(onderwerp=onderwerp).select_related(
        "organisatie"
    ):
        if bytes(vorig.certificaat) == der:
            return [asn1_x509.Certificate.load(der)], vorig.organisatie.naam
    return [], ""


def controleer_zegel(pdf: bytes) -> ZegelUitslag:
    """Check the seal of an uploaded PDF. Never raises: garbage gives gezegeld=False."""
    try:
        return _controleer(pdf)
    except Exception:  # a malformed file must never become a server error on a public page
        logger.info("Seal check failed on unreadable input", exc_info=True)
        return ZegelUitslag(
            gezegeld=False, intact=False, vertrouwd=False, fout=_("This is not a readable PDF.")
        )


def _controleer(pdf: bytes) -> ZegelUitslag:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if b"%PDF-" not in pdf[:1024]:
        return ZegelUitslag(
            gezegeld=False, intact=False, vertrouwd=False, fout=_("This is not a PDF file.")
        )
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    handtekeningen = reader.embedded_signatures
    if not handtekeningen:
        return ZegelUitslag(
            gezegeld=False, intact=False, vertrouwd=False, fout=_("This PDF carries no seal.")
        )
    handtekening = next(
        (h for h in handtekeningen if h.field_name == ZEGEL_VELD), handtekeningen[0]
    )
    try:
        roots, instelling = _vertrouwde_certificaten(handtekening.signer_cert)
    except Exception:  # no readable signer certificate: the seal itself is broken
        logger.info("Seal without a readable signer certificate", exc_info=True)
        roots, instelling = [], ""
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = _sync(
            lambda: validate_pdf_signature(
                handtekening,
                context,
                key_usage_settings=KeyUsageConstraints(
                    key_usage={"non_repudiation", "digital_signature"}
                ),
            )
        )
    except Exception as exc:
        logger.info("Seal validation failed", exc_info=True)
        return ZegelUitslag(
            gezegeld=True,
            intact=False,
            vertrouwd=False,
            fout=_("The seal cannot be checked: %(reden)s") % {"reden": str(exc)[:200]},
        )
    ondertekenaar = instelling or status.signing_cert.subject.human_friendly
    intact = bool(status.intact and status.valid)
    fout = ""
    if not intact:
        fout = _("The document was changed after it was sealed, or the seal is damaged.")
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        status.modification_level is None
        or status.modification_level > ModificationLevel.LTA_UPDATES
    ):
        # Bytes were appended after the seal that change what the document shows.
        intact = False
        fout = _("The document was changed after it was sealed.")
    vertrouwd = intact and bool(roots) and status.trusted
    if intact and not vertrouwd:
        fout = _("The seal is intact, but not made with the certificate of a known institution.")
    return ZegelUitslag(
        gezegeld=True, intact=intact, vertrouwd=vertrouwd, ondertekenaar=ondertekenaar, fout=fout
    )
