"""Signatures are visible and changeable as the traject of their document is; their events as
their signature is."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from pilots.tenancy import ParentScopedQuerySet, ScopedQuerySet
from trajecten.models import Traject


class OndertekeningQuerySet(ScopedQuerySet):
    pilot_lookup = "traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> OndertekeningQuerySet:
        return self.filter(traject__in=Traject.objects.for_user(user, action).values("pk"))

    def van(self, document: models.Model) -> OndertekeningQuerySet:
        """The signatures on one document."""
        return self.filter(
            document_type=ContentType.objects.get_for_model(document), document_id=document.pk
        )


class OndertekenGebeurtenisQuerySet(ParentScopedQuerySet):
    # An event is visible and changeable exactly as its signature is.
    parent = "ondertekening"
    pilot_lookup = "ondertekening__traject__deelnemer__pilot"
