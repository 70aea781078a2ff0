"""The kwalificatiestructuur (SBB): dossier > kwalificatie (crebo) > kerntaak > werkproces.

Reference data shared by all pilots; it holds no personal data, so every signed-in user reads it.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet

from .constants import Herkomst, Niveau

crebo_validator = RegexValidator(r"^[0-9]{5}$", _("A crebo number has exactly five digits."))


class ReferenceQuerySet(ScopedQuerySet):
    pilot_lookup = None

    def for_user(self, user: Any, action: str = "view") -> ReferenceQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if action == "view" or roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        return self.none()


class Kwalificatiedossier(models.Model):
    naam = models.CharField(_("name"), max_length=200, unique=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kwalificatiedossier")
        verbose_name_plural = _("kwalificatiedossiers")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Kwalificatie(models.Model):
    crebo = models.CharField(_("crebo"), max_length=5, unique=True, validators=[crebo_validator])
    naam = models.CharField(_("name"), max_length=200)
    niveau = models.CharField(_("niveau"), max_length=6, choices=Niveau.choices)
    domein = models.CharField(_("domein"), max_length=200)
    dossier = models.ForeignKey(
        Kwalificatiedossier,
        verbose_name=_("kwalificatiedossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kwalificaties",
    )
    geldig_vanaf = models.DateField(_("valid from"), null=True, blank=True)
    geldig_tot = models.DateField(_("valid until"), null=True, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kwalificatie")
        verbose_name_plural = _("kwalificaties")
        ordering = ["crebo"]

    def __str__(self) -> str:
        return f"{self.crebo} {self.naam} ({self.get_niveau_display()})"

    def get_absolute_url(self) -> str:
        return reverse("kwalificaties:detail", args=[self.crebo])


class Kerntaak(models.Model):
    kwalificatie = models.ForeignKey(
        Kwalificatie, on_delete=models.CASCADE, related_name="kerntaken"
    )
    code = models.CharField(_("code"), max_length=10)
    naam = models.CharField(_("name"), max_length=300)
    herkomst = models.CharField(
        _("source"), max_length=10, choices=Herkomst.choices, default=Herkomst.OFFICIEEL
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kerntaak")
        verbose_name_plural = _("kerntaken")
        ordering = ["kwalificatie__crebo", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kwalificatie", "code"], name="kerntaak_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Werkproces(models.Model):
    kerntaak = models.ForeignKey(Kerntaak, on_delete=models.CASCADE, related_name="werkprocessen")
    # Denormalised so that (crebo, code) can be a database constraint.
    kwalificatie = models.ForeignKey(
        Kwalificatie, on_delete=models.CASCADE, related_name="werkprocessen"
    )
    code = models.CharField(_("code"), max_length=14)
    naam = models.CharField(_("title"), max_length=300)
    omschrijving = models.TextField(_("description"), blank=True)
    herkomst = models.CharField(
        _("source"), max_length=10, choices=Herkomst.choices, default=Herkomst.OFFICIEEL
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkproces")
        verbose_name_plural = _("werkprocessen")
        ordering = ["kwalificatie__crebo", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kwalificatie", "code"], name="werkproces_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"
