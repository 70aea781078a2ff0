"""Read operations on signatures, for the apps whose documents are signed."""

from __future__ import annotations

from typing import Any

from django.db import models

from .adapters import adapters, met_document
from .models import OndertekenGebeurtenis, Ondertekening


def gebeurtenissen_van(document: models.Model) -> models.QuerySet[OndertekenGebeurtenis]:
    """Every event on every signature of one document, oldest first, with its signature (for
    an audit page)."""
    return OndertekenGebeurtenis.objects.filter(
        ondertekening__in=Ondertekening.objects.van(document).values("pk")
    ).select_related("ondertekening")


def open_per_persoon(traject: Any) -> list[dict[str, Any]]:
    """The signatures still open on a traject's documents, one entry per person (same e-mail
    address and name): for the mbo's "sign in person" and "paper signature" links. The caller
    has checked that the user may change the traject."""
    from .kern import is_open, persoon, stuk

    per_persoon: dict[tuple[str, str], dict[str, Any]] = {}
    rijen = Ondertekening.objects.filter(
        traject=traject, getekend_op__isnull=True, vervallen_op__isnull=True
    ).prefetch_related(met_document())
    for o in rijen.order_by("pk"):
        if not is_open(o):
            continue
        entry = per_persoon.setdefault(
            persoon(o.email, o.naam), {"o": o, "rollen": [], "stukken": []}
        )
        entry["stukken"].append(stuk(o).kort)
        if o.get_rol_display() not in entry["rollen"]:
            entry["rollen"].append(o.get_rol_display())
    return list(per_persoon.values())


def open_ondertekeningen(qs: models.QuerySet[Ondertekening]) -> models.QuerySet[Ondertekening]:
    """The signatures of `qs` still to be given, in SQL (one query however many rows): not
    signed, not voided, and their document out for signing (each document app says which of
    its documents are, `DocumentAdapter.open_ids`). Annotated with `geblokkeerd` (too many
    wrong codes) and `verlopen` (the link expired): both need a new link from the mbo."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BooleanField, ExpressionWrapper, Q
    from django.utils import timezone

    from .constants import MAX_CODE_POGINGEN

    open_documenten = Q()
    for adapter in adapters():
        open_documenten |= Q(
            document_type=ContentType.objects.get_for_model(adapter.model),
            document_id__in=adapter.open_ids(),
        )
    if not open_documenten:
        return qs.none()
    return (
        qs.filter(getekend_op__isnull=True, vervallen_op__isnull=True)
        .filter(open_documenten)
        .annotate(
            geblokkeerd=ExpressionWrapper(
                Q(code_pogingen__gte=MAX_CODE_POGINGEN), output_field=BooleanField()
            ),
            verlopen=ExpressionWrapper(
                Q(link_verloopt_op__lt=timezone.now()), output_field=BooleanField()
            ),
        )
    )
