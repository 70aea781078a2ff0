"""Stored files that hold personal data."""

from __future__ import annotations

from django.db import transaction
from django.db.models.fields.files import FieldFile


def verwijder_na_commit(bestand: FieldFile) -> None:
    """Forget the file on its row now, and delete it from storage only once the transaction
    commits: a rolled-back anonymising or retention run keeps the file it would have deleted."""
    naam, storage = bestand.name, bestand.storage
    if not naam:
        return
    setattr(bestand.instance, bestand.field.attname, "")
    transaction.on_commit(lambda: storage.delete(naam))
