"""What the signing flow needs to know about a kind of document, told by the app that owns it.

The signing flow lives below the document apps (overeenkomsten, verklaringen), so it cannot
import them: each registers an adapter for its model in `AppConfig.ready()`:

    register(OvereenkomstVersie, VersieAdapter())

and gives the model `ondertekeningen = GenericRelation("ondertekening.Ondertekening", ...)`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.db.models.fields.files import FieldFile


@dataclass(frozen=True)
class Stuk:
    """A document in the terms the signing page and e-mails show it."""

    titel: str  # "OOK (onderwijsovereenkomst)", "Praktijkverklaring"
    kort: str  # in e-mail subjects and the PDF's file name: "OOK"
    deelnemer: str  # the participant's name as printed
    open: bool  # out for signing
    pdf: FieldFile
    pdf_sha256: str
    pilot_id: int
    nummer: int  # version or sequence number
    start: date | str | None
    eind: date | str | None
    inhoud: dict[str, Any]
    # The signing page shows the version and period (agreements do, a praktijkverklaring not).
    toon_versie: bool = False
    # For staff (signing in person): where a logged-in user reads the document; "" if nowhere.
    bekijk_url: str = ""
    # Where the document comes in a session listing several (OOK, POK, PLOK: the process order).
    volgorde: int = 0


class DocumentAdapter[D: models.Model](ABC):
    """One kind of signable document."""

    model: type[D]

    @abstractmethod
    def stuk(self, document: D) -> Stuk:
        """The document as the signing page and e-mails show it."""

    def documenten(self) -> models.QuerySet[D]:
        """The documents, with what `stuk` reads selected along."""
        return self.model._default_manager.all()

    def vergrendel(self, document_id: int) -> None:
        """Lock the document. The flow always locks the document first, then its signature,
        in the same order as a change of the document does."""
        self.model._default_manager.select_for_update().filter(pk=document_id).first()

    @abstractmethod
    def open_ids(self) -> models.QuerySet[Any]:
        """The ids (`values("pk")`) of the documents out for signing now."""

    @abstractmethod
    def na_ondertekening(self, document_id: int) -> None:
        """Called in the signing transaction after a party signed (the document is locked)."""

    def blokkade(self, document: D) -> str | None:
        """Why this document may not be signed now (e.g. the leerbedrijf's erkenning was
        revoked), in the signer's words; None when it may. The signing pages (online and in
        person) show the message and refuse to sign."""
        return None

    def definitief_bestand(self, document: D) -> FieldFile | None:
        """The final signed file (with its audit page), e-mailed to every signer as a link."""
        bestand = getattr(document, "definitief_pdf", None)
        return bestand or None


def in_volgorde(stukken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows `{"o": ondertekening, "stuk": Stuk}` in the order the documents are read."""
    return sorted(stukken, key=lambda s: (s["stuk"].volgorde, s["o"].pk))


_adapters: dict[type[models.Model], DocumentAdapter[Any]] = {}


def register(model: type[models.Model], adapter: DocumentAdapter[Any]) -> None:
    _adapters[model] = adapter


def adapter_for(document_or_model: models.Model | type[models.Model]) -> DocumentAdapter[Any]:
    model = document_or_model if isinstance(document_or_model, type) else type(document_or_model)
    try:
        return _adapters[model._meta.concrete_model or model]
    except KeyError:
        raise LookupError(f"No signing adapter registered for {model._meta.label}") from None


def adapters() -> list[DocumentAdapter[Any]]:
    return list(_adapters.values())


def met_document() -> GenericPrefetch:
    """For `prefetch_related` on signatures: each one's document with what `stuk` reads of it
    (each adapter's `documenten()`), one query per kind of document."""
    return GenericPrefetch("document", [a.documenten() for a in adapters()])
