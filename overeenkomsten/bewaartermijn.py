"""Retention of signed agreements (docs/privacy.md): the signed final PDF is evidence of what was
agreed and is kept, also after the dossier is anonymised, until the pilot's
`bewaartermijn_documenten_jaren` have passed since the traject ended. Then this deletes it."""

from __future__ import annotations

import calendar
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from praktijkleren import audit
from praktijkleren.files import verwijder_na_commit

from .models import OvereenkomstVersie


def jaren_terug(vandaag: date, jaren: int) -> date:
    jaar = vandaag.year - jaren
    return date(jaar, vandaag.month, min(vandaag.day, calendar.monthrange(jaar, vandaag.month)[1]))


def verwijder_verlopen_bewijs(*, vandaag: date | None = None) -> int:
    """Delete the PDFs of every version whose traject ended more than its pilot's retention
    period ago. Safe to run twice: a deleted version is marked and skipped."""
    vandaag = vandaag or timezone.localdate()
    kandidaten = (
        OvereenkomstVersie.objects.filter(
            bewijs_verwijderd_op__isnull=True, overeenkomst__traject__einddatum__isnull=False
        )
        .exclude(pdf="", definitief_pdf="")
        .annotate(
            jaren=F("overeenkomst__traject__deelnemer__pilot__bewaartermijn_documenten_jaren"),
            eind=F("overeenkomst__traject__einddatum"),
            pilot_id=F("overeenkomst__traject__deelnemer__pilot_id"),
        )
        .values_list("pk", "jaren", "eind", "pilot_id")
    )
    verwijderd = 0
    for pk, jaren, eind, pilot_id in kandidaten:
        if eind >= jaren_terug(vandaag, jaren):
            continue
        with transaction.atomic():
            versie = OvereenkomstVersie.objects.select_for_update().get(pk=pk)
            if versie.bewijs_verwijderd_op:
                continue
            for bestand in (versie.pdf, versie.definitief_pdf):
                if bestand:
                    verwijder_na_commit(bestand)
            versie.bewijs_verwijderd_op = timezone.now()
            versie.save(update_fields=["pdf", "definitief_pdf", "bewijs_verwijderd_op"])
            audit.record(
                actor=None, action="overeenkomst.bewijs_verwijderd", obj=versie, pilot_id=pilot_id
            )
            verwijderd += 1
    return verwijderd
