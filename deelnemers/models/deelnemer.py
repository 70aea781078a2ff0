"""Participants: the dossier, consent, timeline, view log and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.managers import UserObjectPermissionManager
from guardian.models import UserObjectPermissionBase

from pilots.models import Organisatie, Pilot

from ..constants import DeelnemerStatus, Doelgroep, EventSoort, Geslacht, Situatie, Uitkering
from ..querysets import (
    DeelnemerChildQuerySet,
    DeelnemerGrantQuerySet,
    DeelnemerQuerySet,
    DossierInzageQuerySet,
)
from ..validators import validate_doelgroepen

ADVIES_TERMIJN_DAGEN = 7


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
    # Referral (aanmelding): only what the process needs; never a BSN.
    situatie = models.CharField(_("situation"), max_length=20, choices=Situatie.choices, blank=True)
    uitkering = models.CharField(_("benefit"), max_length=20, choices=Uitkering.choices, blank=True)
    doelgroepen = models.JSONField(
        _("target groups"),
        default=list,
        blank=True,
        validators=[validate_doelgroepen],
        help_text=_("Codes of the target groups the candidate belongs to (several allowed)."),
    )
    wens = models.TextField(_("what the candidate wants"), blank=True)
    voorkeur_sector = models.CharField(_("preferred sector"), max_length=200, blank=True)
    voorkeur_leerbedrijf = models.CharField(_("preferred leerbedrijf"), max_length=200, blank=True)
    verwezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mbo_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mbo contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_reden = models.CharField(_("reason for the status"), max_length=300, blank=True)
    # A participant of 16 or 17 signs the OOK and POK together with a parent or guardian.
    vertegenwoordiger_naam = models.CharField(
        _("legal representative (parent or guardian)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Needed when the participant is under 18 at the start: co-signs the OOK and POK."
        ),
    )
    vertegenwoordiger_email = models.EmailField(
        _("e-mail address of the legal representative"),
        blank=True,
        help_text=_("Empty: the representative signs in person at the mbo-instelling."),
    )
    geanonimiseerd_op = models.DateTimeField(_("anonymised at"), null=True, blank=True)
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

    @property
    def doelgroepen_display(self) -> list[str]:
        """The labels of the participant's target groups, in the order of the list of choices."""
        labels = dict(Doelgroep.choices)
        return [str(labels[c]) for c in Doelgroep.values if c in (self.doelgroepen or [])]

    @property
    def advies_uiterlijk(self) -> date:
        """Good practice: every candidate has an advice within a week of referral."""
        return self.aangemeld_op + timedelta(days=ADVIES_TERMIJN_DAGEN)


class DeelnemerGrantManager(UserObjectPermissionManager):
    """guardian's manager for this grant table, with its scoped queryset (for_user)."""

    def get_queryset(self) -> DeelnemerGrantQuerySet:
        return DeelnemerGrantQuerySet(self.model, using=self._db)


class DeelnemerUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Deelnemer, on_delete=models.CASCADE)

    objects: ClassVar[DeelnemerGrantManager] = DeelnemerGrantManager()


class Toestemming(models.Model):
    """The candidate's consent to share their data, as recorded at referral."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="toestemmingen")
    gegeven = models.BooleanField(_("consent given"))
    doelen = models.JSONField(_("purposes"), default=list)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DeelnemerChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-vastgelegd_op"]

    def __str__(self) -> str:
        return f"{self.deelnemer_id}: {self.gegeven}"


class DeelnemerEvent(models.Model):
    """One line on the participant's timeline."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    soort = models.CharField(_("kind"), max_length=30, choices=EventSoort.choices)
    tekst = models.CharField(_("text"), max_length=300, blank=True)

    objects = DeelnemerChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.soort}"


class DossierInzage(models.Model):
    """Who opened a participant's dossier, and when (privacy log for the projectleider)."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="inzages")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = DossierInzageQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier view")
        verbose_name_plural = _("dossier views")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id}"


class Herinnering(models.Model):
    """A reminder sent about a dossier: one per dossier, kind and day, so a task that runs twice
    on one day sends once."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="herinneringen")
    soort = models.CharField(max_length=40)
    datum = models.DateField()
    aan = models.CharField(max_length=1000)

    objects = DeelnemerChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deelnemer", "soort", "datum"], name="herinnering_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.soort} {self.deelnemer_id}"
