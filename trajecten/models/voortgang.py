"""Progress (begeleidingsinstrument) and the mbo's quality reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trajecten.constants import KwaliteitsMomentSoort, KwaliteitsUitkomst, VoortgangSoort
from trajecten.models.traject import Traject, TrajectWerkproces
from trajecten.querysets import TrajectChildQuerySet, VoortgangEntryQuerySet


class VoortgangEntry(models.Model):
    """A dated entry in the begeleidingsinstrument for one agreed werkproces: a work assignment,
    the participant's STARR reflection, or the praktijkopleider's observation."""

    traject_werkproces = models.ForeignKey(
        TrajectWerkproces, on_delete=models.CASCADE, related_name="entries"
    )
    soort = models.CharField(_("kind"), max_length=20, choices=VoortgangSoort.choices)
    datum = models.DateField(_("date"))
    tekst = models.TextField(_("text"), blank=True)
    # STARR: situatie, taak, actie, resultaat, reflectie (only for soort=starr).
    starr = models.JSONField(_("STARR"), default=dict, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by the participant in their portal (no account, so no `auteur`).
    door_deelnemer = models.BooleanField(_("written by the participant"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VoortgangEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-datum", "-pk"]

    def __str__(self) -> str:
        return f"{self.datum} {self.soort}"


class KwaliteitsMoment(models.Model):
    """A quality-review moment of the mbo (start, mid, end) with its outcome."""

    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="kwaliteitsmomenten"
    )
    moment = models.CharField(_("moment"), max_length=10, choices=KwaliteitsMomentSoort.choices)
    datum = models.DateField(_("date"))
    uitkomst = models.CharField(_("outcome"), max_length=20, choices=KwaliteitsUitkomst.choices)
    toelichting = models.TextField(_("explanation"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrajectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        return f"{self.traject_id} {self.moment} {self.datum}"
