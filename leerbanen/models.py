"""Leerbanen offered by leerbedrijven, candidates looking for one (`Zoekvraag`), the matches
between them, and the optional table of postcode centroids for nearness (docs/matching.md)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer
from intake.models import Advies
from kwalificaties.models import Kwalificatie, Werkproces
from pilots.models import Organisatie, Pilot, Subregio
from trajecten.models import Traject

from .constants import LeerbaanStatus, MatchStatus, ZoekStatus
from .querysets import LeerbaanQuerySet, MatchQuerySet, ZoekvraagQuerySet

# A Dutch postcode: four digits (no leading zero) and two letters; SA, SD and SS are not issued.
POSTCODE_RE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})$")
POSTCODE4_RE = re.compile(r"^[1-9][0-9]{3}$")


def normaliseer_postcode(value: str) -> str:
    """'1234ab' -> '1234 AB'; raises ValidationError for anything that is not a Dutch postcode."""
    m = POSTCODE_RE.match((value or "").strip().upper())
    if m is None or m[2] in ("SA", "SD", "SS"):
        raise ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, e.g. 3511 AB."),
            code="postcode",
        )
    return f"{m[1]} {m[2]}"


def controleer_postcode4(value: str) -> None:
    if not POSTCODE4_RE.match(value or ""):
        raise ValidationError(
            _("Enter the four digits of a Dutch postcode, e.g. 3511."), code="postcode4"
        )


UREN = [MinValueValidator(1), MaxValueValidator(40)]


class Leerbaan(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="leerbanen")
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("leerbedrijf"),
        on_delete=models.PROTECT,
        related_name="leerbanen",
    )
    titel = models.CharField(_("title"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=7)
    postcode4 = models.CharField(_("postcode (digits)"), max_length=4, db_index=True)
    plaats = models.CharField(_("gemeente or place"), max_length=100)
    subregio = models.ForeignKey(
        Subregio, verbose_name=_("subregio"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Every crebo it can teach: those chosen, and those of the chosen werkprocessen (the
    # service keeps them together). A crebo without werkprocessen of its own here means all of
    # its werkprocessen (docs/matching.md).
    kwalificaties = models.ManyToManyField(
        Kwalificatie, verbose_name=_("kwalificaties"), related_name="+", blank=True
    )
    werkprocessen = models.ManyToManyField(
        Werkproces, verbose_name=_("werkprocessen"), related_name="+", blank=True
    )
    uren_per_week = models.PositiveSmallIntegerField(_("hours per week"), validators=UREN)
    start_vanaf = models.DateField(_("start from"))
    start_tot = models.DateField(_("start until"))
    plaatsen = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1)]
    )
    contactpersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="leerbanen",
    )
    toelichting = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LeerbaanStatus.choices, default=LeerbaanStatus.OPEN
    )
    gesloten_op = models.DateTimeField(_("closed at"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LeerbaanQuerySet.as_manager()

    class Meta:
        verbose_name = _("leerbaan")
        verbose_name_plural = _("leerbanen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["pilot", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_tot__gte=models.F("start_vanaf")),
                name="leerbaan_start_venster",
            )
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.organisatie.naam}, {self.plaats})"

    def get_absolute_url(self) -> str:
        return reverse("leerbanen:detail", args=[self.pk])


class Zoekvraag(models.Model):
    """A candidate with a positive advice looking for a leerbaan, with their wishes."""

    deelnemer = models.OneToOneField(Deelnemer, on_delete=models.CASCADE, related_name="zoekvraag")
    advies = models.ForeignKey(
        Advies, verbose_name=_("advice"), on_delete=models.PROTECT, related_name="+"
    )
    postcode4 = models.CharField(_("postcode (digits)"), max_length=4, blank=True)
    plaats = models.CharField(_("gemeente or place"), max_length=100, blank=True)
    subregio = models.ForeignKey(
        Subregio, verbose_name=_("subregio"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uren_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True, validators=UREN
    )
    kwalificaties = models.ManyToManyField(
        Kwalificatie, verbose_name=_("preferred kwalificaties"), related_name="+", blank=True
    )
    werkprocessen = models.ManyToManyField(
        Werkproces, verbose_name=_("preferred werkprocessen"), related_name="+", blank=True
    )
    start_vanaf = models.DateField(_("start from"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    toelichting = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ZoekStatus.choices, default=ZoekStatus.ZOEKEND
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ZoekvraagQuerySet.as_manager()

    class Meta:
        verbose_name = _("search for a leerbaan")
        verbose_name_plural = _("searches for a leerbaan")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.deelnemer)

    def get_absolute_url(self) -> str:
        return reverse("leerbanen:matching", args=[self.pk])


class Match(models.Model):
    """A candidate proposed for a leerbaan; the leerbaan's contact person accepts or declines.
    An accepted match holds one of the leerbaan's places and becomes a traject."""

    leerbaan = models.ForeignKey(Leerbaan, on_delete=models.PROTECT, related_name="matches")
    zoekvraag = models.ForeignKey(Zoekvraag, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(
        _("status"), max_length=15, choices=MatchStatus.choices, default=MatchStatus.VOORGESTELD
    )
    toelichting = models.TextField(_("note"), blank=True)
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voorgesteld_op = models.DateTimeField(_("proposed at"), auto_now_add=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    beantwoord_op = models.DateTimeField(_("answered at"), null=True, blank=True)
    reden = models.TextField(_("reason"), blank=True)
    traject = models.OneToOneField(
        Traject,
        verbose_name=_("traject"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match",
    )
    geplaatst_op = models.DateField(_("placed on"), null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-voorgesteld_op", "-pk"]
        indexes = [models.Index(fields=["leerbaan", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["leerbaan", "zoekvraag"],
                condition=Q(status__in=["voorgesteld", "geaccepteerd"]),
                name="match_een_lopende_per_leerbaan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zoekvraag} - {self.leerbaan.titel}"

    def get_absolute_url(self) -> str:
        return reverse("leerbanen:match", args=[self.pk])


class PostcodeCentroid(models.Model):
    """The centre of a 4-digit postcode area, loaded by the beheerder (`import_postcodes`).
    Reference data without personal data; none is shipped."""

    postcode4 = models.CharField(_("postcode (digits)"), max_length=4, unique=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    bron = models.CharField(_("source"), max_length=300)
    geimporteerd_op = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("postcode centroid")
        verbose_name_plural = _("postcode centroids")
        ordering = ["postcode4"]

    def __str__(self) -> str:
        return self.postcode4
