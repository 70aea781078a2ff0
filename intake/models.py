"""Inclusieve adviesfunctie: the intake conversation, its criteria, and the (revisable) advice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer

from .constants import AlternatiefSoort, DuoResultaat, Route, Schaal, Startkwalificatie
from .querysets import AdviesQuerySet, IntakeQuerySet


def _scale(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, choices=Schaal.choices, null=True, blank=True)


def _note(label: Any) -> models.CharField:
    return models.CharField(label, max_length=500, blank=True)


class Intake(models.Model):
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="intakes")
    gepland_op = models.DateTimeField(_("planned at"))
    # Who takes part: the mbo always; the others when ticked.
    met_verwijzer = models.BooleanField(_("verwijzer takes part"), default=True)
    met_kandidaat = models.BooleanField(_("candidate takes part"), default=True)
    met_leerbedrijf = models.BooleanField(_("leerbedrijf takes part"), default=False)
    gepland_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hard criteria
    leeftijd_uitzondering = models.CharField(
        _("reason for an exception for age 16-17"), max_length=300, blank=True
    )
    startkwalificatie = models.CharField(
        _("startkwalificatie"), max_length=20, choices=Startkwalificatie.choices, blank=True
    )
    startkwalificatie_reden = models.CharField(
        _("why the startkwalificatie is outdated or unusable"), max_length=300, blank=True
    )
    duo_check_op = models.DateField(_("DUO-check done on"), null=True, blank=True)
    duo_check_door = models.CharField(_("DUO-check done by"), max_length=150, blank=True)
    duo_check_resultaat = models.CharField(
        _("DUO-check result"), max_length=20, choices=DuoResultaat.choices, blank=True
    )
    # Soft criteria: a simple scale with a note each
    leerbaarheid = _scale(_("leerbaarheid (able to learn)"))
    leerbaarheid_toelichting = _note(_("note on leerbaarheid"))
    schoolbaarheid = _scale(_("schoolbaarheid (able to function in school)"))
    schoolbaarheid_toelichting = _note(_("note on schoolbaarheid"))
    motivatie = _scale(_("motivation"))
    motivatie_toelichting = _note(_("note on motivation"))
    werkfit = _scale(_("werkfit / employee skills"))
    werkfit_toelichting = _note(_("note on werkfit"))
    afstand_tot_werk = _scale(_("distance to work (4 = close)"))
    afstand_tot_werk_toelichting = _note(_("note on distance to work"))
    notities = models.TextField(_("intake notes"), blank=True)
    vastgelegd_op = models.DateTimeField(_("criteria recorded at"), null=True, blank=True)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-gepland_op"]

    def __str__(self) -> str:
        return f"{self.deelnemer} {self.gepland_op:%Y-%m-%d}"


class Advies(models.Model):
    """A non-binding advice. A revision is a new row; the history stays visible."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="adviezen")
    intake = models.ForeignKey(Intake, null=True, blank=True, on_delete=models.SET_NULL)
    route = models.CharField(_("advised route"), max_length=20, choices=Route.choices)
    alternatief_soort = models.CharField(
        _("kind of alternative"), max_length=20, choices=AlternatiefSoort.choices, blank=True
    )
    alternatief = models.CharField(
        _("alternative, in words"),
        max_length=200,
        blank=True,
        help_text=_("Required for 'other'; optional detail for the other kinds."),
    )
    onderbouwing = models.TextField(_("reasoning"))
    reden_praktijkverklaring = models.TextField(
        _("why a praktijkverklaring although the candidate has a usable startkwalificatie"),
        blank=True,
    )
    volgende_stap = models.CharField(_("next step"), max_length=300)
    reactie_kandidaat = models.CharField(_("candidate's response"), max_length=500, blank=True)
    gegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gegeven_op = models.DateTimeField(_("given at"), auto_now_add=True)

    objects = AdviesQuerySet.as_manager()

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advices")
        ordering = ["-gegeven_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.deelnemer}: {self.get_route_display()}"
