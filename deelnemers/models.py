"""Participants and their trajecten (the minimal core; referral, intake and progress build on it).

Per-object grants (a verwijzer on a participant, a praktijkopleider on a traject) use
django-guardian with direct foreign-key permission tables, never the generic-FK tables.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from pilots.models import Organisatie, Pilot
from pilots.querysets import PilotChildQuerySet

from .constants import (
    DeelnemerStatus,
    Doelgroep,
    EventSoort,
    Geslacht,
    Situatie,
    TrajectRoute,
    TrajectStatus,
    Uitkering,
    WerkprocesStatus,
)
from .querysets import DeelnemerQuerySet, TrajectQuerySet

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
    doelgroep = models.CharField(
        _("target group"), max_length=20, choices=Doelgroep.choices, blank=True
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
    def advies_uiterlijk(self) -> date:
        """Good practice: every candidate has an advice within a week of referral."""
        return self.aangemeld_op + timedelta(days=ADVIES_TERMIJN_DAGEN)


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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-startdatum"]

    def __str__(self) -> str:
        return f"{self.deelnemer} @ {self.leerbedrijf or '-'}"

    def get_absolute_url(self) -> str:
        return reverse("deelnemers:traject-detail", args=[self.pk])

    @property
    def ondertekenen_geblokkeerd(self) -> bool:
        """Signing waits while a kwalificatie lacks the leerbedrijf's recognition (or override)."""
        return any(not e.in_orde for e in self.erkenningen.all())


class DeelnemerUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Deelnemer, on_delete=models.CASCADE)


class TrajectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Traject, on_delete=models.CASCADE)


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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deelnemer", "soort", "datum"], name="herinnering_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.soort} {self.deelnemer_id}"


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
