"""The portal's own data: a participant's login requests, and the links with which they share a
verklaring with an employer (and when each link was used).

Secrets (the login link, the code, the share link) are stored only as keyed hashes
(`ondertekening.kern._hash`): the link itself is only in the e-mail or on the participant's
screen. Everything here is part of the participant's personal data: exported in the inzage and
erased on anonymising (`portaal/privacy.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer
from verklaringen.models import Registratie

from .querysets import DeellinkGebruikQuerySet, DeelnemerEigenQuerySet


class Inlogverzoek(models.Model):
    """One request to log in: a personal link e-mailed to the participant, then a 6-digit code
    e-mailed to the same address (the signing app's mechanism and limits)."""

    deelnemer = models.ForeignKey(
        Deelnemer, on_delete=models.CASCADE, related_name="inlogverzoeken"
    )
    token_hash = models.CharField(max_length=64, db_index=True)
    aangevraagd_op = models.DateTimeField(_("requested at"), auto_now_add=True)
    link_verloopt_op = models.DateTimeField(_("link expires at"))
    code_hash = models.CharField(max_length=64, blank=True)
    code_verloopt_op = models.DateTimeField(null=True, blank=True)
    codes_verstuurd = models.PositiveSmallIntegerField(_("codes sent"), default=0)
    code_pogingen = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    ingelogd_op = models.DateTimeField(_("logged in at"), null=True, blank=True)
    # A newer request, a withdrawal of consent or anonymising makes an open request void.
    vervallen_op = models.DateTimeField(_("voided at"), null=True, blank=True)

    objects = DeelnemerEigenQuerySet.as_manager()

    class Meta:
        verbose_name = _("portal login request")
        verbose_name_plural = _("portal login requests")
        ordering = ["-aangevraagd_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.deelnemer_id} {self.aangevraagd_op:%Y-%m-%d %H:%M}"


class Deellink(models.Model):
    """A link with which the participant shows one of their issued verklaringen to an employer:
    it opens the public verification page of that verklaring until it expires or is revoked."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="deellinks")
    registratie = models.ForeignKey(
        Registratie, verbose_name=_("verklaring"), on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    omschrijving = models.CharField(_("shared with"), max_length=100, blank=True)
    aangemaakt_op = models.DateTimeField(_("created at"), auto_now_add=True)
    verloopt_op = models.DateField(_("valid until"))
    ingetrokken_op = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = DeelnemerEigenQuerySet.as_manager()

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.registratie_id} → {self.verloopt_op}"


class DeellinkGebruik(models.Model):
    """One time a share link was opened. Only the time: no IP address, no browser (privacy)."""

    deellink = models.ForeignKey(Deellink, on_delete=models.CASCADE, related_name="gebruik")
    at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = DeellinkGebruikQuerySet.as_manager()

    class Meta:
        verbose_name = _("use of a share link")
        verbose_name_plural = _("uses of share links")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.deellink_id} {self.at:%Y-%m-%d %H:%M}"
