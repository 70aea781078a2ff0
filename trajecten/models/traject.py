"""Trajecten: the agreed route, its werkprocessen and leerlijnen. Whether the leerbedrijf and the
mbo-instelling are recognised for the traject's crebo's is the erkenning register's
(`erkenningen`), asked through `Traject.erkenning_blokkades`.

Per-object grants (a praktijkopleider or jobcoach on a traject) use django-guardian with direct
foreign-key permission tables, never the generic-FK tables.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.managers import UserObjectPermissionManager
from guardian.models import UserObjectPermissionBase

from deelnemers.models.deelnemer import Deelnemer
from erkenningen.selectors import blokkades, toets
from pilots.models import Organisatie, Pilot
from pilots.querysets import PilotChildQuerySet
from trajecten.constants import LoonOfUitkering, TrajectRoute, TrajectStatus, WerkprocesStatus
from trajecten.querysets import TrajectChildQuerySet, TrajectGrantQuerySet, TrajectQuerySet


class Traject(models.Model):
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.PROTECT, related_name="trajecten")
    leerbedrijf = models.ForeignKey(
        Organisatie,
        verbose_name=_("leerbedrijf"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trajecten",
    )
    praktijkopleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("praktijkopleider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    jobcoach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jobcoach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    route = models.CharField(
        _("route"),
        max_length=20,
        choices=TrajectRoute.choices,
        default=TrajectRoute.PRAKTIJKVERKLARING,
    )
    mbo_instelling = models.ForeignKey(
        Organisatie,
        verbose_name=_("mbo-instelling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uren_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    financieringsbron = models.CharField(_("funding source"), max_length=30, blank=True)
    financiering_bedrag = models.DecimalField(
        _("funding amount (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # A national pilot, or an employer training its own staff, signs the OOK and POK only.
    eigen_personeel = models.BooleanField(
        _("the employer trains its own staff"),
        default=False,
        help_text=_("The participant already works for the leerbedrijf: no PLOK is needed."),
    )
    kosten_betaald_door = models.CharField(
        _("costs paid by"),
        max_length=200,
        blank=True,
        help_text=_("Who pays the costs of the opleiding, as the OOK names it."),
    )
    bpv_adres = models.CharField(
        _("BPV address"),
        max_length=300,
        blank=True,
        help_text=_("Where the participant learns in practice; empty: the leerbedrijf's address."),
    )
    loon_of_uitkering = models.CharField(
        _("wage or benefit"), max_length=20, choices=LoonOfUitkering.choices, blank=True
    )
    extra_ondersteuning = models.JSONField(_("extra support"), default=list, blank=True)
    extra_onderwijs = models.CharField(
        _("extra lessons or partial exams agreed"), max_length=300, blank=True
    )
    werkprocessen = models.ManyToManyField(
        "kwalificaties.Werkproces", through="TrajectWerkproces", related_name="trajecten"
    )
    startdatum = models.DateField(_("start date"), null=True, blank=True)
    geplande_einddatum = models.DateField(_("planned end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectStatus.choices, default=TrajectStatus.GEPLAND
    )
    # Set when the traject ends (completed or stopped early).
    einddatum = models.DateField(_("end date"), null=True, blank=True)
    stopreden = models.CharField(_("reason for stopping early"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-startdatum"]

    def __str__(self) -> str:
        return f"{self.deelnemer} @ {self.leerbedrijf or '-'}"

    def get_absolute_url(self) -> str:
        return reverse("trajecten:traject-detail", args=[self.pk])

    def kwalificaties(self) -> list[Any]:
        """The kwalificaties the agreed werkprocessen come from, by crebo."""
        gezien = {
            tw.werkproces.kwalificatie.crebo: tw.werkproces.kwalificatie
            for tw in self.traject_werkprocessen.select_related("werkproces__kwalificatie")
        }
        return [gezien[crebo] for crebo in sorted(gezien)]

    def erkenning_bevindingen(self) -> list[Any]:
        """Per crebo: the leerbedrijf's SBB recognition and the mbo-instelling's (DUO) for the
        derde leerweg, as the register holds them now."""
        return toets(
            leerbedrijf=self.leerbedrijf,
            mbo_instelling=self.mbo_instelling,
            kwalificaties=self.kwalificaties(),
        )

    def erkenning_blokkades(self) -> list[str]:
        """Why signing and starting wait for a recognition (empty: both are in order for every
        crebo). There is no override: the law requires BPV at a recognised leerbedrijf."""
        return blokkades(
            leerbedrijf=self.leerbedrijf,
            mbo_instelling=self.mbo_instelling,
            kwalificaties=self.kwalificaties(),
        )


class TrajectGrantManager(UserObjectPermissionManager):
    """guardian's manager for this grant table, with its scoped queryset (for_user)."""

    def get_queryset(self) -> TrajectGrantQuerySet:
        return TrajectGrantQuerySet(self.model, using=self._db)


class TrajectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Traject, on_delete=models.CASCADE)

    objects: ClassVar[TrajectGrantManager] = TrajectGrantManager()


class TrajectWerkproces(models.Model):
    """A werkproces agreed for the traject, with its progress status."""

    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="traject_werkprocessen"
    )
    werkproces = models.ForeignKey("kwalificaties.Werkproces", on_delete=models.PROTECT)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WerkprocesStatus.choices,
        default=WerkprocesStatus.NIET_GESTART,
    )
    # The praktijkopleider's judgement when marking the werkproces beheerst (mastered).
    samenvattend_oordeel = models.TextField(_("samenvattend oordeel"), blank=True)
    beheerst_op = models.DateField(_("mastered on"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TrajectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreed werkproces")
        verbose_name_plural = _("agreed werkprocessen")
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "werkproces"], name="traject_werkproces_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.werkproces_id}"


class Leerlijn(models.Model):
    """A pilot's reusable set of werkprocessen (e.g. "Magazijn basis")."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="leerlijnen")
    naam = models.CharField(_("name"), max_length=150)
    werkprocessen = models.ManyToManyField("kwalificaties.Werkproces", related_name="leerlijnen")

    objects = PilotChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("leerlijn")
        verbose_name_plural = _("leerlijnen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "naam"], name="leerlijn_unique_naam")
        ]

    def __str__(self) -> str:
        return self.naam
