"""The kwalificatiestructuur (SBB): dossier > kwalificatie (crebo) > kerntaak > werkproces.

Reference data shared by all pilots; it holds no personal data, so every signed-in user reads it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
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


class BeheerQuerySet(ScopedQuerySet):
    """Only the platform beheerder (national EVERYTHING) sees or changes these."""

    pilot_lookup = None

    def for_user(self, user: Any, action: str = "view") -> BeheerQuerySet:
        if roles.is_authenticated(user) and roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        return self.none()


class Kwalificatiedossier(models.Model):
    """A dossier in one version. `code` is its crebo (two dossiers may share a name: Entree
    23110 and 23192); `bron` says where the data comes from and which version of it."""

    code = models.CharField(_("crebo of the dossier"), max_length=5, blank=True)
    naam = models.CharField(_("name"), max_length=200)
    versie = models.CharField(_("version"), max_length=40, blank=True)
    bron = models.CharField(_("source"), max_length=300, blank=True)
    geldig_vanaf = models.DateField(_("valid from"), null=True, blank=True)
    geldig_tot = models.DateField(_("valid until"), null=True, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kwalificatiedossier")
        verbose_name_plural = _("kwalificatiedossiers")
        ordering = ["naam", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="dossier_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.code})" if self.code else self.naam


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
    # A kwalificatie the Praktijkloket import added because the structure lacked it is "import"
    # until `import_kwalificaties` loads it officially.
    herkomst = models.CharField(
        _("source"), max_length=10, choices=Herkomst.choices, default=Herkomst.OFFICIEEL
    )

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
    # The dossier version it was last published in; a newer version without it retires it
    # (never deleted: trajecten and verklaringen keep pointing at it).
    versie = models.CharField(_("version"), max_length=40, blank=True)
    actief = models.BooleanField(_("current"), default=True)
    vervallen_op = models.DateField(_("retired on"), null=True, blank=True)

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


class KwalificatieImport(models.Model):
    """A beheerder's upload of SBB's crebo list (and the kerntaken and werkprocessen), kept
    between the preview and the confirmation."""

    crebolijst = models.FileField(_("crebo list"), upload_to="kwalificaties-import/")
    crebolijst_naam = models.CharField(max_length=200)
    werkprocessen = models.FileField(
        _("kerntaken and werkprocessen"), upload_to="kwalificaties-import/", blank=True
    )
    werkprocessen_naam = models.CharField(max_length=200, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    doorgevoerd_op = models.DateTimeField(null=True, blank=True)
    resultaat = models.JSONField(default=dict, blank=True)

    objects = BeheerQuerySet.as_manager()

    class Meta:
        verbose_name = _("kwalificaties import")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return self.crebolijst_naam

    def get_absolute_url(self) -> str:
        return reverse("kwalificaties:import", args=[self.pk])
