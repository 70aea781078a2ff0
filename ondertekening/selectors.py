"""Read operations on signatures, for the apps whose documents are signed."""

from __future__ import annotations

from django.db import models

from .models import OndertekenGebeurtenis, Ondertekening


def gebeurtenissen_van(document: models.Model) -> models.QuerySet[OndertekenGebeurtenis]:
    """Every event on every signature of one document, oldest first, with its signature (for
    an audit page)."""
    return OndertekenGebeurtenis.objects.filter(
        ondertekening__in=Ondertekening.objects.van(document).values("pk")
    ).select_related("ondertekening")
