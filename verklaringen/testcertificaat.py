"""A certificate the project makes itself, for sealing in development and tests only.

A self-signed test CA and a seal certificate it issued for one institution, marked TEST in the
subject, packed as PKCS#12 with a random password. Never used unless
`settings.VERKLARINGEN_TESTCERTIFICAAT` is on (see `zegel.py`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

__all__ = ["maak_testcertificaat"]


def _naam(*attributen: tuple[Any, str]) -> x509.Name:
    # X.509 limits these attributes to 64 characters.
    return x509.Name([x509.NameAttribute(oid, waarde[:64]) for oid, waarde in attributen])


def maak_testcertificaat(instelling: str) -> tuple[bytes, str]:
    """A self-signed test CA and a seal certificate it issued, as PKCS#12 with a random
    password. EC P-256 keeps generation fast enough for tests."""
    nu = dt.datetime.now(dt.UTC)
    ca_sleutel = ec.generate_private_key(ec.SECP256R1())
    ca_naam = _naam(
        (NameOID.COMMON_NAME, f"Praktijkleren test-CA {instelling}"),
        (NameOID.ORGANIZATION_NAME, "Praktijkleren (test, niet echt)"),
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_naam)
        .issuer_name(ca_naam)
        .public_key(ca_sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - dt.timedelta(days=1))
        .not_valid_after(nu + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_sleutel.public_key()), critical=False
        )
        .sign(ca_sleutel, hashes.SHA256())
    )
    sleutel = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            _naam(
                (NameOID.COMMON_NAME, f"{instelling} (testzegel)"),
                (NameOID.ORGANIZATION_NAME, instelling),
                (NameOID.ORGANIZATIONAL_UNIT_NAME, "TEST - niet voor echte verklaringen"),
                (NameOID.COUNTRY_NAME, "NL"),
            )
        )
        .issuer_name(ca_naam)
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - dt.timedelta(days=1))
        .not_valid_after(nu + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_sleutel.public_key()),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(sleutel.public_key()), critical=False
        )
        .sign(ca_sleutel, hashes.SHA256())
    )
    wachtwoord = secrets.token_urlsafe(24)
    data = pkcs12.serialize_key_and_certificates(
        b"zegel", sleutel, cert, [ca], serialization.BestAvailableEncryption(wachtwoord.encode())
    )
    return data, wachtwoord
