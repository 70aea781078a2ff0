"""The one way the portal loads anything: always through the participant of the session.

A participant sees only themselves. Every object a portal page shows or acts on is read here
with a queryset filtered on the session's participant (`for_deelnemer` on the portal's own
models; a filter on the participant's trajecten for the other apps' rows); anything else is a
404, never a 403, so nobody learns that another dossier exists."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest

from deelnemers.models import Deelnemer
from ondertekening.adapters import met_document
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from trajecten.constants import VoortgangSoort
from trajecten.models import Traject, TrajectWerkproces, VoortgangEntry
from verklaringen.models import MboVerklaring, Registratie

from . import sessie
from .models import Deellink, DeellinkGebruik
from .services import mag_inloggen


def deelnemer(request: HttpRequest) -> Deelnemer | None:
    """The participant of this portal session, or None. A session whose participant may no
    longer log in (anonymised, consent withdrawn) ends here."""
    pk = sessie.deelnemer_id(request)
    if pk is None:
        return None
    gevonden = (
        Deelnemer.objects.select_related(
            "pilot", "mbo_contact", "verwezen_door", "verwijzer_organisatie", "mbo_instelling"
        )
        .filter(pk=pk)
        .first()
    )
    if gevonden is None or not mag_inloggen(gevonden):
        sessie.uitloggen(request)
        return None
    return gevonden


def _een[M: Model](qs: QuerySet[M], **lookup: Any) -> M:
    try:
        obj = qs.filter(**lookup).first()
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if obj is None:
        raise Http404
    return obj


def trajecten(d: Deelnemer) -> QuerySet[Traject]:
    return Traject.objects.filter(deelnemer=d).select_related(
        "leerbedrijf", "mbo_instelling", "praktijkopleider", "jobcoach"
    )


def ondertekeningen(d: Deelnemer) -> QuerySet[Ondertekening]:
    """The participant's own signatures (not those of others on their agreements)."""
    return (
        Ondertekening.objects.filter(traject__deelnemer=d, rol=PartijRol.DEELNEMER)
        .select_related("traject")
        # Each document with what the signing app's `stuk` reads of it (one query per kind).
        .prefetch_related(met_document())
        .order_by("pk")
    )


def ondertekening(d: Deelnemer, pk: Any) -> Ondertekening:
    return _een(ondertekeningen(d), pk=pk)


def werkprocessen(d: Deelnemer) -> QuerySet[TrajectWerkproces]:
    """The agreed werkprocessen of the participant's trajecten, with their STARR reflections."""
    return (
        TrajectWerkproces.objects.filter(traject__deelnemer=d)
        .select_related("werkproces__kerntaak", "werkproces__kwalificatie", "traject__leerbedrijf")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=VoortgangEntry.objects.filter(soort=VoortgangSoort.STARR).order_by(
                    "-datum", "-pk"
                ),
                to_attr="reflecties",
            )
        )
        .order_by("traject_id", "werkproces__kwalificatie__crebo", "werkproces__code")
    )


def werkproces(d: Deelnemer, pk: Any) -> TrajectWerkproces:
    return _een(werkprocessen(d), pk=pk)


def verklaringen(d: Deelnemer) -> QuerySet[MboVerklaring]:
    """The participant's issued mbo-verklaringen (with a register entry)."""
    return (
        MboVerklaring.objects.filter(
            praktijkverklaring__traject__deelnemer=d, registratie__isnull=False
        )
        .select_related("registratie", "mbo_instelling")
        .order_by("-uitgegeven_op", "-pk")
    )


def verklaring(d: Deelnemer, pk: Any) -> MboVerklaring:
    return _een(verklaringen(d), pk=pk)


def registraties(d: Deelnemer) -> QuerySet[Registratie]:
    """The register entries of the participant's issued verklaringen: what they may share."""
    return Registratie.objects.filter(mbo_verklaring__in=verklaringen(d).values("pk"))


def registratie(d: Deelnemer, pk: Any) -> Registratie:
    return _een(registraties(d), pk=pk)


def deellinks(d: Deelnemer) -> QuerySet[Deellink]:
    return (
        Deellink.objects.for_deelnemer(d.pk)
        .select_related("registratie")
        .prefetch_related(Prefetch("gebruik", queryset=DeellinkGebruik.objects.order_by("-at")))
    )


def deellink(d: Deelnemer, pk: Any) -> Deellink:
    return _een(deellinks(d), pk=pk)
