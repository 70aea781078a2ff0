"""Trajecten: the agreed route, its werkprocessen, SBB recognition and leerlijnen.

Per-object grants (a praktijkopleider or jobcoach on a traject) use django-guardian with direct
foreign-key permission tables, never the generic-FK tables.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.managers import UserObjectPermissionManager
from guardian.models import UserObjectPermissionBase

from deelnemers.models.deelnemer import Deelnemer
from pilots.models import Organisatie, Pilot
from pilots.querysets import PilotChildQuerySet
from trajecten.constants import TrajectRoute, TrajectStatus, WerkprocesStatus
from trajecten.querysets import TrajectChildQuerySet, TrajectGrantQuerySet, TrajectQuerySet


class Traject(models.Model):
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="trajecten")
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

    @property
    def ondertekenen_geblokkeerd(self) -> bool:
        """Signing waits while a kwalificatie lacks the leerbedrijf's recognition (or override)."""
        return any(not e.in_orde for e in self.erkenningen.all())


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


class Erkenning(models.Model):
    """Is the leerbedrijf recognised by SBB for this kwalificatie? Signing waits until it is, or
    until the projectleider overrides with a reason."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="erkenningen")
    kwalificatie = models.ForeignKey("kwalificaties.Kwalificatie", on_delete=models.PROTECT)
    erkend = models.BooleanField(_("recognised"), null=True)
    gecontroleerd_op = models.DateField(_("checked on"), null=True, blank=True)
    gecontroleerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overrule_reden = models.CharField(_("reason for the override"), max_length=300, blank=True)
    overrule_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TrajectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("SBB recognition")
        verbose_name_plural = _("SBB recognitions")
        constraints = [
            models.UniqueConstraint(fields=["traject", "kwalificatie"], name="erkenning_once")
        ]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.kwalificatie_id} {self.erkend}"

    @property
    def in_orde(self) -> bool:
        return self.erkend is True or bool(self.overrule_reden)


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
