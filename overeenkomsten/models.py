"""Agreements of a traject (OOK, POK, PLOK), their PDF versions and the online signatures.

Every change makes a new `OvereenkomstVersie`; a signature belongs to one version and records the
SHA-256 of exactly the PDF the signer was shown. Signing secrets (link token, code) are stored
only as hashes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pilots.models import Organisatie
from trajecten.models import Traject

from .constants import GebeurtenisSoort, OvereenkomstSoort, PartijRol, PdfStatus, VersieStatus
from .querysets import OndertekeningQuerySet, OvereenkomstQuerySet, VersieQuerySet


class Overeenkomst(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overeenkomsten")
    soort = models.CharField(_("kind"), max_length=10, choices=OvereenkomstSoort.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OvereenkomstQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["traject", "soort"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "soort"], name="overeenkomst_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} · {self.traject.deelnemer}"

    def get_absolute_url(self) -> str:
        return reverse("overeenkomsten:detail", args=[self.pk])

    @property
    def huidige_versie(self) -> OvereenkomstVersie | None:
        # Uses the prefetched versions when present.
        versies = list(self.versies.all())
        return max(versies, key=lambda v: v.nummer) if versies else None


def _pdf_path(instance: Any, filename: str) -> str:
    return f"overeenkomsten/{instance.overeenkomst.traject_id}/{filename}"


class OvereenkomstVersie(models.Model):
    """One version of an agreement: its content as agreed, the rendered PDF and, once every
    party signed, the final PDF with the audit page appended."""

    overeenkomst = models.ForeignKey(Overeenkomst, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersieStatus.choices, default=VersieStatus.CONCEPT
    )
    # The content printed on the document (dates, parties, werkprocessen, clauses).
    inhoud = models.JSONField(_("content"), default=dict)
    startdatum = models.DateField(_("start date"))
    einddatum = models.DateField(_("end date"))
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.WACHT)
    pdf_fout = models.CharField(max_length=300, blank=True)
    pdf_aangevraagd_op = models.DateTimeField(null=True, blank=True)
    definitief_pdf = models.FileField(_("final PDF"), upload_to=_pdf_path, blank=True)
    definitief_sha256 = models.CharField(max_length=64, blank=True)
    verzonden_op = models.DateTimeField(_("sent for signing at"), null=True, blank=True)
    ondertekend_op = models.DateTimeField(_("signed by all at"), null=True, blank=True)
    vervallen_op = models.DateTimeField(_("superseded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersieQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["overeenkomst", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["overeenkomst", "nummer"], name="versie_once")
        ]

    def __str__(self) -> str:
        return f"{self.overeenkomst.get_soort_display()} v{self.nummer}"


class Ondertekening(models.Model):
    """One party's signature on one document: an agreement version, or a praktijkverklaring
    (signed by the praktijkopleider with the same flow). Who was asked, and what happened."""

    versie = models.ForeignKey(
        OvereenkomstVersie,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ondertekeningen",
    )
    praktijkverklaring = models.ForeignKey(
        "verklaringen.Praktijkverklaring",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ondertekeningen",
    )
    rol = models.CharField(_("party"), max_length=20, choices=PartijRol.choices)
    organisatie = models.ForeignKey(
        Organisatie, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    naam = models.CharField(_("signatory"), max_length=200)
    email = models.EmailField(_("e-mail address"))
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

    objects = OndertekeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["versie", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["versie", "rol"], name="ondertekening_once_per_rol"),
            models.UniqueConstraint(
                fields=["praktijkverklaring", "rol"], name="ondertekening_pv_once_per_rol"
            ),
            models.CheckConstraint(
                condition=models.Q(versie__isnull=False, praktijkverklaring__isnull=True)
                | models.Q(versie__isnull=True, praktijkverklaring__isnull=False),
                name="ondertekening_one_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_rol_display()} · {self.naam}"

    @property
    def document(self) -> Any:
        """What is signed: an agreement version or a praktijkverklaring."""
        return self.versie if self.versie_id else self.praktijkverklaring


class OndertekenGebeurtenis(models.Model):
    """Every event on a signature (sent, opened, code, signed, voided): the audit page lists
    them all."""

    ondertekening = models.ForeignKey(
        Ondertekening, on_delete=models.CASCADE, related_name="gebeurtenissen"
    )
    soort = models.CharField(max_length=20, choices=GebeurtenisSoort.choices)
    at = models.DateTimeField(auto_now_add=True)
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("signature event")
        verbose_name_plural = _("signature events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.soort}"
