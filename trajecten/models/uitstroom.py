"""The end of a traject: outflow and the follow-ups at 6 and 12 months."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet
from trajecten.constants import UitstroomSoort
from trajecten.models.traject import Traject


class Behaald(models.TextChoices):
    """An mbo-certificaat or mbo-diploma obtained: an outcome of its own, beside the outflow."""

    GEEN = "geen", _("None")
    CERTIFICAAT = "mbo_certificaat", _("mbo-certificaat")
    DIPLOMA = "mbo_diploma", _("mbo-diploma")


class UitstroomQuerySet(ScopedQuerySet):
    """Visible as the traject is; changed by those who may change the traject."""

    pilot_lookup = "traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> UitstroomQuerySet:
        return self.filter(traject__in=Traject.objects.for_user(user, action).values("pk"))


class NametingQuerySet(ScopedQuerySet):
    """A follow-up is visible as its traject is. Answering it ("change") is for the person it
    was asked of, while they still hold a role in the pilot, and for DEELNEMER_CHANGE holders."""

    pilot_lookup = "traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> NametingQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if action == "view":
            return self.filter(traject__in=Traject.objects.for_user(user, "view").values("pk"))
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        return self.filter(
            Q(traject__deelnemer__pilot__in=roles.pilot_ids_with(user, Cap.DEELNEMER_CHANGE))
            | Q(
                gevraagd_aan_id=user.pk,
                traject__deelnemer__pilot__in=roles.pilot_ids_with(user, Cap.PILOT_VIEW),
            )
        )


class Uitstroom(models.Model):
    """Where the participant went after the traject ended."""

    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="uitstroom")
    soort = models.CharField(_("outflow"), max_length=30, choices=UitstroomSoort.choices)
    datum = models.DateField(_("date"))
    toelichting = models.CharField(_("explanation"), max_length=300, blank=True)
    behaald = models.CharField(
        _("mbo-certificaat or mbo-diploma obtained"),
        max_length=20,
        choices=Behaald.choices,
        default=Behaald.GEEN,
    )
    # The crebo of the certificaat or diploma obtained (empty when none).
    behaald_crebo = models.CharField(_("crebo obtained"), max_length=5, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UitstroomQuerySet.as_manager()

    class Meta:
        verbose_name = _("outflow")
        verbose_name_plural = _("outflows")

    def __str__(self) -> str:
        return f"{self.traject_id} {self.soort}"


class Nameting(models.Model):
    """The follow-up question at 6 or 12 months after the end: what is the situation now?
    Asked of the verwijzer or the jobcoach; the answer is stored here."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="nametingen")
    maanden = models.PositiveSmallIntegerField(_("months after the end"))
    gevraagd_op = models.DateField(_("asked on"))
    gevraagd_aan = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    beantwoord_op = models.DateField(_("answered on"), null=True, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    situatie = models.CharField(
        _("situation"), max_length=30, choices=UitstroomSoort.choices, blank=True
    )
    toelichting = models.CharField(_("explanation"), max_length=300, blank=True)

    objects = NametingQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["traject", "maanden"]
        constraints = [models.UniqueConstraint(fields=["traject", "maanden"], name="nameting_once")]

    def __str__(self) -> str:
        return f"{self.traject_id} +{self.maanden}m"

    @property
    def beantwoord(self) -> bool:
        return self.beantwoord_op is not None
