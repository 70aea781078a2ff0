"""Praktijkverklaring, mbo-verklaring and the public register of issued verklaringen.

- `Praktijkverklaring`: prepared by the mbo from a traject; lists only werkprocessen marked
  beheerst (a JSON copy of what is printed); signed online by the praktijkopleider through the
  `ondertekening` app (`praktijkverklaring.ondertekeningen`).
- `MboVerklaring`: wraps a signed praktijkverklaring with the other results; issued by the
  examencommissie of the mbo-instelling; its PDF is sealed (PAdES) with the institution's
  certificate. Issued documents never change: a correction is a new one that supersedes it.
- `Registratie`: the register entry that verification reads: number, verification code, SHA-256
  of the PDF, issuer, date, status, and the holder's name and werkprocessen as printed. It keeps
  what verification needs when the participant's dossier is later erased. Verklaringen issued
  outside the product (imported) are registered too, without PDF.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer
from pilots.models import Organisatie, Pilot
from trajecten.models import Traject

from .constants import Herkomst, PdfStatus, PraktijkverklaringStatus, RegistratieStatus
from .kenmerken import kenmerken
from .querysets import (
    ExamenresultaatQuerySet,
    MboVerklaringQuerySet,
    PraktijkverklaringQuerySet,
    RegistratieQuerySet,
)


def _pdf_path(instance: Any, filename: str) -> str:
    return f"verklaringen/{filename}"


class Praktijkverklaring(models.Model):
    traject = models.ForeignKey(
        Traject, on_delete=models.PROTECT, related_name="praktijkverklaringen"
    )
    # 1st, 2nd, 3rd ... praktijkverklaring of this participant.
    volgnummer = models.PositiveSmallIntegerField(_("number"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PraktijkverklaringStatus.choices,
        default=PraktijkverklaringStatus.CONCEPT,
    )
    inhoud = models.JSONField(_("content"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.WACHT)
    ondertekend_op = models.DateTimeField(_("signed at"), null=True, blank=True)
    # The signed version: the exact pages that were signed, followed by a page naming the
    # praktijkopleider who signed and when (the signed pages stay byte-for-byte as signed).
    pdf_ondertekend = models.FileField(_("signed PDF"), upload_to=_pdf_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ondertekeningen = GenericRelation(
        "ondertekening.Ondertekening",
        content_type_field="document_type",
        object_id_field="document_id",
        related_query_name="praktijkverklaring",
    )

    objects = PraktijkverklaringQuerySet.as_manager()

    class Meta:
        verbose_name = _("praktijkverklaring")
        verbose_name_plural = _("praktijkverklaringen")
        ordering = ["traject", "-volgnummer"]

    def __str__(self) -> str:
        return f"{_('Praktijkverklaring')} {self.volgnummer} · {self.traject.deelnemer}"

    def get_absolute_url(self) -> str:
        return reverse("verklaringen:praktijkverklaring", args=[self.pk])


# The columns `Registratie.vul_kenmerken` sets.
KENMERKEN = (
    "aantal_werkprocessen",
    "kwalificatie_crebo",
    "kwalificatie_naam",
    "kwalificatie_niveau",
    "kwalificatie_domein",
)


class Registratie(models.Model):
    """One issued verklaring in the public register."""

    nummer = models.CharField(_("register number"), max_length=30, unique=True)
    verificatiecode = models.CharField(_("verification code"), max_length=20, unique=True)
    herkomst = models.CharField(
        _("origin"), max_length=10, choices=Herkomst.choices, default=Herkomst.PRODUCT
    )
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="registraties")
    # Kept while the dossier exists (stacking, monitoring); the register does not need it.
    deelnemer = models.ForeignKey(
        Deelnemer, null=True, blank=True, on_delete=models.SET_NULL, related_name="registraties"
    )
    instelling = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="uitgegeven_verklaringen"
    )
    instelling_naam = models.CharField(_("issuing institution"), max_length=200)
    uitgegeven_op = models.DateField(_("issued on"))
    houder_naam = models.CharField(_("holder's name as printed"), max_length=250)
    # As printed: [{code, naam, kerntaak, crebo, kwalificatie, niveau, domein}]
    werkprocessen = models.JSONField(_("werkprocessen"), default=list)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    # For monitoring: which verklaring of the participant (1st, 2nd ...), where it was learned,
    # and the branche organisations involved (imported registrations carry them).
    volgnummer = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    leerbedrijf = models.ForeignKey(
        Organisatie, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    brancheorganisaties = models.JSONField(_("branche organisations"), default=list, blank=True)
    # What the verklaring counts as in the monitor, derived from `werkprocessen` on every save
    # (`vul_kenmerken`; verklaringen.kenmerken): the export groups on these columns.
    aantal_werkprocessen = models.PositiveSmallIntegerField(
        _("number of distinct werkprocessen"), default=0, editable=False
    )
    kwalificatie_crebo = models.CharField(
        _("crebo of the main kwalificatie"), max_length=20, blank=True, editable=False
    )
    kwalificatie_naam = models.CharField(
        _("main kwalificatie"), max_length=300, blank=True, editable=False
    )
    kwalificatie_niveau = models.CharField(
        _("niveau of the main kwalificatie"), max_length=20, blank=True, editable=False
    )
    kwalificatie_domein = models.CharField(
        _("domein of the main kwalificatie"), max_length=300, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistratieStatus.choices,
        default=RegistratieStatus.GELDIG,
    )  # fmt: skip
    ingetrokken_op = models.DateTimeField(_("revoked at"), null=True, blank=True)
    intrekking_reden = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    vervangen_door = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="vervangt"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistratieQuerySet.as_manager()

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register")
        ordering = ["-uitgegeven_op", "-pk"]
        indexes = [models.Index(fields=["pilot", "uitgegeven_op"])]

    def __str__(self) -> str:
        return self.nummer

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The kenmerken always follow the werkprocessen, also when only those are saved.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "werkprocessen" in update_fields:
            self.vul_kenmerken()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *KENMERKEN}
        super().save(*args, **kwargs)

    def vul_kenmerken(self) -> None:
        """Set what the verklaring counts as in the monitor from `self.werkprocessen` (saved or
        not; nothing is written). `save` calls it; code that writes without `save`
        (`bulk_create`, `bulk_update`) calls it on every instance first."""
        k = kenmerken(self.werkprocessen)
        self.aantal_werkprocessen = k.aantal_werkprocessen
        self.kwalificatie_crebo = k.crebo
        self.kwalificatie_naam = k.naam
        self.kwalificatie_niveau = k.niveau
        self.kwalificatie_domein = k.domein


class MboVerklaring(models.Model):
    praktijkverklaring = models.ForeignKey(
        Praktijkverklaring, on_delete=models.PROTECT, related_name="mbo_verklaringen"
    )
    mbo_instelling = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    # Other results beside the exam results: lessons followed, courses (one per line). Exams
    # passed are structured rows (`Examenresultaat`).
    overige_resultaten = models.TextField(_("other results"), blank=True)
    # Per kwalificatie on the praktijkverklaring: [{crebo, kwalificatie, naam}] (the mbo fills
    # it in; copied to the register entry on issue, for monitoring).
    brancheorganisaties = models.JSONField(_("branche organisations"), default=list, blank=True)
    # Signed for the examencommissie by a named member with a function (e.g. voorzitter).
    ondertekenaar_naam = models.CharField(
        _("signed by (member of the examencommissie)"), max_length=200, blank=True
    )
    ondertekenaar_functie = models.CharField(_("function"), max_length=100, blank=True)
    # Set on issue; the document is immutable from then on.
    registratie = models.OneToOneField(
        Registratie, null=True, blank=True, on_delete=models.PROTECT, related_name="mbo_verklaring"
    )
    # A correction supersedes this register entry when issued.
    vervangt = models.ForeignKey(
        Registratie, null=True, blank=True, on_delete=models.PROTECT, related_name="correcties"
    )
    pdf = models.FileField(_("sealed PDF"), upload_to=_pdf_path, blank=True)
    pdf_status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.WACHT)
    pdf_fout = models.CharField(max_length=300, blank=True)
    uitgegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uitgegeven_op = models.DateTimeField(_("issued at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MboVerklaringQuerySet.as_manager()

    class Meta:
        verbose_name = _("mbo-verklaring")
        verbose_name_plural = _("mbo-verklaringen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('Mbo-verklaring')} · {self.praktijkverklaring.traject.deelnemer}"

    def get_absolute_url(self) -> str:
        return reverse("verklaringen:mbo-verklaring", args=[self.pk])


class Examenresultaat(models.Model):
    """One exam result on an mbo-verklaring: an examenonderdeel passed, when, with what result,
    and the mbo-certificaat it earned, if any."""

    mbo_verklaring = models.ForeignKey(
        MboVerklaring, on_delete=models.CASCADE, related_name="examenresultaten"
    )
    examenonderdeel = models.CharField(_("examenonderdeel"), max_length=200)
    datum = models.DateField(_("date"))
    resultaat = models.CharField(_("result"), max_length=50)
    certificaat_crebo = models.CharField(_("mbo-certificaat crebo"), max_length=5, blank=True)
    certificaat_naam = models.CharField(_("mbo-certificaat"), max_length=200, blank=True)

    objects = ExamenresultaatQuerySet.as_manager()

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["mbo_verklaring", "datum", "pk"]

    def __str__(self) -> str:
        return f"{self.examenonderdeel} ({self.datum:%d-%m-%Y}): {self.resultaat}"


class Zegelcertificaat(models.Model):
    """The PKCS#12 file (certificate and private key) an mbo-instelling seals its verklaringen
    with. The password is stored encrypted (Fernet, key derived from SECRET_KEY)."""

    organisatie = models.OneToOneField(
        Organisatie, on_delete=models.CASCADE, related_name="zegelcertificaat"
    )
    pkcs12 = models.BinaryField(_("PKCS#12 file"))
    wachtwoord_versleuteld = models.BinaryField()
    onderwerp = models.CharField(_("certificate subject"), max_length=300, blank=True)
    geldig_tot = models.DateTimeField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seal certificate")
        verbose_name_plural = _("seal certificates")

    def __str__(self) -> str:
        return f"{self.organisatie}: {self.onderwerp}"


class VorigZegelcertificaat(models.Model):
    """A seal certificate an institution used before (only the public certificate, no key):
    verklaringen sealed with it keep verifying after the institution installed a new one."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="vorige_zegelcertificaten"
    )
    certificaat = models.BinaryField(_("certificate (DER)"))
    onderwerp = models.CharField(_("certificate subject"), max_length=300, blank=True)
    geldig_tot = models.DateTimeField(_("valid until"), null=True, blank=True)
    vervangen_op = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("previous seal certificate")
        verbose_name_plural = _("previous seal certificates")

    def __str__(self) -> str:
        return f"{self.organisatie}: {self.onderwerp}"
