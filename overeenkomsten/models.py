"""Agreements of a traject (OOK, POK, PLOK) and their PDF versions.

Every change makes a new `OvereenkomstVersie`. A version is signed online through the
`ondertekening` app: each signature belongs to one version (`versie.ondertekeningen`) and records
the SHA-256 of exactly the PDF the signer was shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trajecten.models import Traject

from .constants import OvereenkomstSoort, PdfStatus, VersieStatus
from .querysets import OvereenkomstQuerySet, VersieQuerySet


class Overeenkomst(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="overeenkomsten")
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

    overeenkomst = models.ForeignKey(Overeenkomst, on_delete=models.PROTECT, related_name="versies")
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
    # The retention task deleted the signed PDFs (docs/privacy.md); nothing makes them again.
    bewijs_verwijderd_op = models.DateTimeField(_("evidence deleted at"), null=True, blank=True)
    verzonden_op = models.DateTimeField(_("sent for signing at"), null=True, blank=True)
    ondertekend_op = models.DateTimeField(_("signed by all at"), null=True, blank=True)
    vervallen_op = models.DateTimeField(_("superseded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ondertekeningen = GenericRelation(
        "ondertekening.Ondertekening",
        content_type_field="document_type",
        object_id_field="document_id",
        related_query_name="versie",
    )

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
