"""Online signatures on any document (an agreement version, a praktijkverklaring): who was asked
to sign, what happened, and the SHA-256 of exactly the PDF the signer was shown.

The document is referenced generically; the app that owns it registers an adapter
(`adapters.py`) and gives its model a `GenericRelation` named `ondertekeningen`. The traject is
kept on the signature for tenancy. Signing secrets (link token, code) are stored only as hashes.

One session per person: the signatures of one person (same e-mail address, case-insensitive, and
the same name) on documents sent together share a `groep` and one link and code. Each row still
records its own document, SHA-256, events and signature. The link and code fields are kept equal
on every open row of a group (`services.stuur_link`, `stuur_code`, `controleer_code`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilots.models import Organisatie
from trajecten.models import Traject

from .constants import GebeurtenisSoort, IdDocument, PartijRol, Wijze
from .querysets import OndertekenGebeurtenisQuerySet, OndertekeningQuerySet


def _scan_path(instance: Any, filename: str) -> str:
    # Private like every document: media is never served publicly.
    return f"ondertekening/{instance.traject_id}/{filename}"


class Ondertekening(models.Model):
    """One party's signature on one document: who was asked, and what happened."""

    document_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    document_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("document_type", "document_id")
    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="ondertekeningen")
    rol = models.CharField(_("party"), max_length=20, choices=PartijRol.choices)
    organisatie = models.ForeignKey(
        Organisatie, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    naam = models.CharField(_("signatory"), max_length=200)
    # Empty when the party has no e-mail address: they sign in person or on paper.
    email = models.EmailField(_("e-mail address"), blank=True)
    # The signatures of one person sent together (one link, one code, one signing session).
    groep = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    # SHA-256 of the secret in the personal link; the link itself is only in the e-mail.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    link_verloopt_op = models.DateTimeField(_("link expires at"), null=True, blank=True)
    verstuurd_op = models.DateTimeField(_("sent at"), null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_verloopt_op = models.DateTimeField(null=True, blank=True)
    codes_verstuurd = models.PositiveSmallIntegerField(default=0)
    code_pogingen = models.PositiveSmallIntegerField(default=0)
    getekend_op = models.DateTimeField(_("signed at"), null=True, blank=True)
    getekende_naam = models.CharField(_("name as typed"), max_length=200, blank=True)
    ip_adres = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the signed document"), max_length=64)
    vervallen_op = models.DateTimeField(_("voided at"), null=True, blank=True)
    # How it was signed; for in person and paper: who recorded it and what was checked.
    wijze = models.CharField(_("signed"), max_length=12, choices=Wijze.choices, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_door_naam = models.CharField(_("recorded by"), max_length=200, blank=True)
    id_document = models.CharField(
        _("identity document checked"), max_length=20, choices=IdDocument.choices, blank=True
    )
    papier_datum = models.DateField(_("signed on paper on"), null=True, blank=True)
    scan = models.FileField(_("scan of the paper signature"), upload_to=_scan_path, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    verklaring = models.TextField(_("declaration by the mbo"), blank=True)
    # The link to the final signed PDF (e-mailed once it exists), stored as a hash.
    definitief_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    definitief_verloopt_op = models.DateTimeField(null=True, blank=True)

    objects = OndertekeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["document_type", "document_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_id", "rol"], name="ondertekening_once_per_rol"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_rol_display()} · {self.naam}"


class OndertekenGebeurtenis(models.Model):
    """Every event on a signature (sent, opened, code, signed, voided): the audit page lists
    them all."""

    ondertekening = models.ForeignKey(
        Ondertekening, on_delete=models.PROTECT, related_name="gebeurtenissen"
    )
    soort = models.CharField(max_length=20, choices=GebeurtenisSoort.choices)
    at = models.DateTimeField(auto_now_add=True)
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    objects = OndertekenGebeurtenisQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature event")
        verbose_name_plural = _("signature events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.soort}"
