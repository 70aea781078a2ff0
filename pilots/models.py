"""Tenants (pilots), the shared organisation registry, partnerships and memberships."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pilots.roles import NATIONAL_ROLES, Role

from .constants import Financieringsbron, OrganisatieSoort, PartnerRol, PilotSoort
from .querysets import MembershipQuerySet, OrganisatieQuerySet, PilotChildQuerySet, PilotQuerySet

brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("A BRIN code is two digits and two capitals, e.g. 25LH.")
)


class Organisatie(models.Model):
    naam = models.CharField(_("name"), max_length=200)
    soort = models.CharField(_("kind"), max_length=30, choices=OrganisatieSoort.choices)
    adres = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Street and number.")
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    plaats = models.CharField(_("place"), max_length=100, blank=True)
    brin = models.CharField(
        _("BRIN code"),
        max_length=4,
        blank=True,
        validators=[brin_validator],
        help_text=_("For mbo-instellingen."),
    )
    bekostigd = models.BooleanField(
        _("funded"),
        null=True,
        blank=True,
        help_text=_("For mbo-instellingen: funded by the government (bekostigd) or not."),
    )
    leerbedrijf_id = models.CharField(
        _("SBB leerbedrijf-ID"),
        max_length=20,
        blank=True,
        help_text=_("For leerbedrijven and sw-bedrijven recognised by SBB."),
    )
    email = models.EmailField(_("general e-mail address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["leerbedrijf_id"],
                condition=~Q(leerbedrijf_id=""),
                name="organisatie_unique_leerbedrijf_id",
                violation_error_message=_("Another organisation already has this leerbedrijf-ID."),
            ),
            models.UniqueConstraint(
                fields=["brin"],
                condition=~Q(brin=""),
                name="organisatie_unique_brin",
                violation_error_message=_("Another organisation already has this BRIN code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.plaats})" if self.plaats else self.naam

    def get_absolute_url(self) -> str:
        return reverse("pilots:organisatie-detail", args=[self.pk])

    @property
    def volledig_adres(self) -> str:
        """ "Stationsstraat 1, 4001 AB Tiel" as far as it is known."""
        plaats = " ".join(p for p in (self.postcode, self.plaats) if p)
        return ", ".join(p for p in (self.adres, plaats) if p)


class Pilot(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    naam = models.CharField(_("name"), max_length=200)
    soort = models.CharField(_("kind"), max_length=20, choices=PilotSoort.choices)
    tranche = models.PositiveSmallIntegerField(_("tranche"), validators=[MinValueValidator(1)])
    arbeidsmarktregio = models.CharField(_("arbeidsmarktregio"), max_length=100, blank=True)
    doelgroep = models.CharField(
        _("target group"),
        max_length=200,
        blank=True,
        help_text=_("For national pilots: the target group, e.g. detainees or temporary workers."),
    )
    startdatum = models.DateField(_("start date"))
    streefaantal = models.PositiveIntegerField(
        _("target number of participants"), null=True, blank=True
    )
    bewaartermijn_maanden = models.PositiveSmallIntegerField(
        _("retention period for referrals that never started (months)"),
        default=12,
        validators=[MinValueValidator(1)],
    )
    # Signed final agreements are evidence: kept this long after their traject ended, then the
    # retention task deletes them (docs/privacy.md).
    bewaartermijn_documenten_jaren = models.PositiveSmallIntegerField(
        _("retention period for signed agreements after the traject ended (years)"),
        default=7,
        validators=[MinValueValidator(1)],
    )
    financieringsbronnen = models.JSONField(
        _("funding sources"),
        default=list,
        blank=True,
        help_text=_("Codes from the list of funding sources."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def get_absolute_url(self) -> str:
        return reverse("pilots:pilot-detail", args=[self.code])

    def financieringsbronnen_labels(self) -> list[str]:
        labels = dict(Financieringsbron.choices)
        return [str(labels.get(code, code)) for code in self.financieringsbronnen]


class Subregio(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="subregios")
    naam = models.CharField(_("name"), max_length=100)

    objects = PilotChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("subregio")
        verbose_name_plural = _("subregio's")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "naam"], name="subregio_unique_naam")
        ]

    def __str__(self) -> str:
        return self.naam


class Partner(models.Model):
    """An organisation's part in one pilot's collaboration."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="partners")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="partnerships"
    )
    rol = models.CharField(
        _("role in the collaboration"), max_length=30, choices=PartnerRol.choices
    )
    subregio = models.ForeignKey(
        Subregio, verbose_name=_("subregio"), null=True, blank=True, on_delete=models.SET_NULL
    )
    sinds = models.DateField(_("partner since"), null=True, blank=True)
    toelichting = models.CharField(_("note"), max_length=300, blank=True)

    objects = PilotChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisatie__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "organisatie", "rol"], name="partner_unique_rol"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} - {self.get_rol_display()}"


class Membership(models.Model):
    """A user's role in a pilot on behalf of an organisation. National roles have no pilot."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    pilot = models.ForeignKey(
        Pilot, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["pilot__naam", "role", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=sorted(NATIONAL_ROLES)) & Q(pilot__isnull=True))
                | (~Q(role__in=sorted(NATIONAL_ROLES)) & Q(pilot__isnull=False)),
                name="membership_pilot_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        where = self.pilot or _("national")
        return f"{self.user} - {self.get_role_display()} ({where})"
