"""The erkenning register: per organisation and crebo, the recognition by SBB (leerbedrijf) or by
DUO (an mbo-instelling providing the crebo in the derde leerweg).

Shared reference data like the kwalificatiestructuur: it holds no personal data and belongs to
no pilot. Every role reads it (all roles hold `pilot.view`); the mbo-medewerker and the
projectleider of any pilot (`erkenning.record`) and the beheerder record it; SBB
(`erkenning.confirm`) confirms it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet

from .constants import ErkenningSoort, ErkenningStatus

# action -> the capability it needs (in any pilot, or national).
ACTION_CAPS = {
    "view": Cap.PILOT_VIEW,
    "change": Cap.ERKENNING_RECORD,
    "confirm": Cap.ERKENNING_CONFIRM,
}


class ErkenningQuerySet(ScopedQuerySet):
    """Not tenant-owned: the rows a user may act on are all or none, by capability. "view" is
    for every role (pilot.view), "change" for `erkenning.record` in any pilot, "confirm" for the
    national `erkenning.confirm` (SBB)."""

    pilot_lookup = None

    def for_user(self, user: Any, action: str = "view") -> ErkenningQuerySet:
        cap = ACTION_CAPS.get(action, Cap.EVERYTHING)
        # Confirming is SBB's (national); the other actions count in any pilot.
        national = action == "confirm"
        allowed = roles.has_national(user, cap) if national else roles.has_cap(user, cap)
        return self.all() if allowed else self.none()


class Erkenning(models.Model):
    organisatie = models.ForeignKey(
        "pilots.Organisatie",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="erkenningen",
    )
    kwalificatie = models.ForeignKey(
        "kwalificaties.Kwalificatie",
        verbose_name=_("kwalificatie"),
        on_delete=models.PROTECT,
        related_name="register_erkenningen",
    )
    soort = models.CharField(_("kind"), max_length=20, choices=ErkenningSoort.choices)
    status = models.CharField(_("status"), max_length=20, choices=ErkenningStatus.choices)
    sinds = models.DateField(_("since"), null=True, blank=True)
    bron = models.CharField(
        _("source"), max_length=200, help_text=_("For example: SBB register, DUO.")
    )
    gecontroleerd_op = models.DateField(_("checked on"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("recorded at"))
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by (SBB)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bevestigd_op = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Whom to contact while the recognition is applied for."),
    )

    objects = ErkenningQuerySet.as_manager()

    class Meta:
        verbose_name = _("erkenning")
        verbose_name_plural = _("erkenningen")
        ordering = ["organisatie__naam", "kwalificatie__crebo", "soort"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "kwalificatie", "soort"], name="erkenning_uniek_per_soort"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisatie.naam} - {self.kwalificatie.crebo}: {self.get_status_display()} "
            f"({self.get_soort_display()})"
        )

    @property
    def in_orde(self) -> bool:
        return self.status == ErkenningStatus.ERKEND

    @property
    def referentie(self) -> str:
        """As on documents (in the active language; documents render in Dutch): "erkend sinds
        3 maart 2025 (SBB register, gecontroleerd op 20 november 2026)"."""
        status = self.get_status_display()
        if self.sinds:
            status = gettext("%(status)s since %(date)s") % {
                "status": status,
                "date": date_format(self.sinds, "j F Y"),
            }
        return gettext("%(status)s (%(source)s, checked on %(date)s)") % {
            "status": status,
            "source": self.bron,
            "date": date_format(self.gecontroleerd_op, "j F Y"),
        }
