"""Participants and their trajecten (the minimal core; referral, intake and progress build on it).

Per-object grants (a verwijzer on a participant, a praktijkopleider on a traject) use
django-guardian with direct foreign-key permission tables, never the generic-FK tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from pilots.models import Organisatie, Pilot

from .constants import DeelnemerStatus, Geslacht, TrajectStatus
from .querysets import DeelnemerQuerySet, TrajectQuerySet


class Deelnemer(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="deelnemers")
    referentie = models.CharField(
        _("pilot reference"),
        max_length=40,
        blank=True,
        help_text=_("The pilot's own reference, unique within the pilot."),
    )
    voornaam = models.CharField(_("first name"), max_length=100)
    achternaam = models.CharField(_("last name"), max_length=150)
    geboortedatum = models.DateField(_("date of birth"))
    geslacht = models.CharField(
        _("gender"), max_length=1, choices=Geslacht.choices, default=Geslacht.X
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    telefoon = models.CharField(_("phone number"), max_length=30, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeelnemerStatus.choices,
        default=DeelnemerStatus.AANGEMELD,
    )
    aangemeld_op = models.DateField(_("referred on"))
    verwijzer_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("referring organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verwezen_deelnemers",
    )
    mbo_instelling = models.ForeignKey(
        Organisatie,
        verbose_name=_("mbo-instelling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeelnemerQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["achternaam", "voornaam"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "referentie"],
                condition=~models.Q(referentie=""),
                name="deelnemer_unique_referentie",
            )
        ]
        indexes = [models.Index(fields=["pilot", "status"])]

    def __str__(self) -> str:
        return f"{self.voornaam} {self.achternaam}"

    def get_absolute_url(self) -> str:
        return reverse("deelnemers:detail", args=[self.pk])


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
    startdatum = models.DateField(_("start date"), null=True, blank=True)
    geplande_einddatum = models.DateField(_("planned end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectStatus.choices, default=TrajectStatus.GEPLAND
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-startdatum"]

    def __str__(self) -> str:
        return f"{self.deelnemer} @ {self.leerbedrijf or '-'}"


class DeelnemerUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Deelnemer, on_delete=models.CASCADE)


class TrajectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Traject, on_delete=models.CASCADE)
