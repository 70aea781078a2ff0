"""The bi-monthly monitor report per pilot (periods Jan-Feb, Mar-Apr, ..., Nov-Dec).

A draft shows figures computed from the records for its period; the projectleider adds the story
and submits it. A submitted report is frozen: its figures are stored as they were. Only SBB can
reopen it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot
from pilots.querysets import PilotChildQuerySet

from .constants import RapportStatus
from .definities import periode_naam
from .querysets import MonitorRapportQuerySet


class MonitorRapport(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="monitor_rapporten")
    periode_start = models.DateField(_("period start"))
    periode_eind = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=12, choices=RapportStatus.choices, default=RapportStatus.CONCEPT
    )
    # Frozen on submit; empty while a draft (the figures are then computed live).
    cijfers = models.JSONField(_("figures"), default=dict, blank=True)
    verschillen = models.TextField(_("differences between expectation and realisation"), blank=True)
    wijzigingen = models.TextField(_("changes in partners or approach"), blank=True)
    # What the pilots' plan (2019) asks pilots to report on, besides the story.
    werving_leerbedrijven = models.TextField(_("recruitment of training companies"), blank=True)
    financiering = models.TextField(_("financing of the routes"), blank=True)
    administratieve_last = models.TextField(_("administrative burden"), blank=True)
    # The projectleider's last save of the draft (story and fields), before submitting.
    opgeslagen_op = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    ingediend_op = models.DateTimeField(_("submitted at"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    heropend_op = models.DateTimeField(_("reopened at"), null=True, blank=True)
    herinnering_op = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # The PDF report (rendered by Celery, with the charts); re-rendered when the report changes.
    pdf = models.FileField(_("PDF"), upload_to="monitor/", blank=True)
    pdf_gemaakt_op = models.DateTimeField(_("PDF made at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MonitorRapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitor report")
        verbose_name_plural = _("monitor reports")
        ordering = ["pilot", "-periode_start"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "periode_start"], name="rapport_once")
        ]

    def __str__(self) -> str:
        return f"{self.pilot.code} {self.periode_label}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:rapport", args=[self.pk])

    @property
    def periode_label(self) -> str:
        """The period as people read it ("jan-feb 2026", with an en dash); exports and the API
        use the key of `definities.periode_label`."""
        return periode_naam(self.periode_start, self.periode_eind)


class ImportOpdracht(models.Model):
    """A projectleider's upload of existing registrations for their own pilot: checked and
    previewed first (nothing stored), then confirmed and run by a Celery task that reports its
    progress here. The uploaded files are kept privately under MEDIA_ROOT until it is done."""

    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", _("Preview")
        BEVESTIGD = "bevestigd", _("Confirmed, waiting")
        BEZIG = "bezig", _("Running")
        KLAAR = "klaar", _("Done")
        MISLUKT = "mislukt", _("Failed")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="importopdrachten")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VOORBEELD
    )
    # {"deelnemers.csv": "imports/12/deelnemers.csv", ...} relative to MEDIA_ROOT
    bestanden = models.JSONField(default=dict, blank=True)
    voorbeeld = models.JSONField(_("preview"), default=dict, blank=True)
    resultaat = models.JSONField(_("result"), default=dict, blank=True)
    voortgang = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    gestart_op = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    objects = PilotChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pilot.code} {self.created_at:%Y-%m-%d %H:%M}"
