"""Read operations of the begeleidingsinstrument: progress per werkproces of a traject, a
werkproces's entries and history, and the praktijkopleider's / jobcoach's own trajecten."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from pilots import roles
from pilots.roles import Cap
from trajecten.constants import TrajectStatus, WerkprocesStatus
from trajecten.models import KwaliteitsMoment, Traject, TrajectWerkproces, VoortgangEntry
from trajecten.voortgang import mag


def werkproces_rows(traject: Traject) -> QuerySet[TrajectWerkproces]:
    """The traject's werkprocessen with their number of entries and the last entry's date."""
    return (
        TrajectWerkproces.objects.filter(traject=traject)
        .select_related("werkproces__kwalificatie")
        .annotate(aantal_entries=Count("entries"), laatste_entry=Max("entries__datum"))
        .order_by("werkproces__kwalificatie__crebo", "werkproces__code")
    )


def traject_context(traject: Traject, user: Any) -> dict[str, Any]:
    """Extra context for templates/trajecten/_traject_voortgang.html on the traject page."""
    rows = list(werkproces_rows(traject))
    pilot_id = traject.deelnemer.pilot_id
    return {
        "voortgang_rows": rows,
        "voortgang_beheerst": sum(1 for r in rows if r.status == WerkprocesStatus.BEHEERST),
        "kwaliteitsmomenten": KwaliteitsMoment.objects.filter(traject=traject).select_related(
            "door"
        ),
        "can_record_kwaliteit": roles.has_cap(user, Cap.DEELNEMER_CHANGE, pilot_id),
    }


def werkproces_context(tw: TrajectWerkproces, user: Any) -> dict[str, Any]:
    """What the werkproces page shows: entries (newest first), the status history from the
    audit trail, and what this user may do."""
    from praktijkleren.models import AuditEvent

    traject = tw.traject
    labels = dict(WerkprocesStatus.choices)
    history = [
        {
            "at": e.at,
            "actor": e.actor,
            "van": labels.get((e.changes.get("status") or [None])[0], ""),
            "naar": labels.get((e.changes.get("status") or [None, None])[1], ""),
            "oordeel": e.changes.get("samenvattend_oordeel", [None, None]),
        }
        for e in AuditEvent.objects.filter(
            object_type=TrajectWerkproces._meta.label_lower,
            object_id=str(tw.pk),
            action__in=["voortgang.status", "voortgang.beheerst"],
        ).select_related("actor")
    ]
    ended = traject.status in (TrajectStatus.AFGEROND, TrajectStatus.GESTOPT)
    can_record = not ended and mag(user, traject, "voortgang")
    return {
        "tw": tw,
        "traject": traject,
        "entries": VoortgangEntry.objects.filter(traject_werkproces=tw).select_related("auteur"),
        "history": history,
        "can_record": can_record,
        "kan_beoordelen": can_record and mag(user, traject, "beoordelen"),
        "ended": ended,
    }


def weken_over(einddatum: date | None, today: date | None = None) -> int | None:
    """Whole weeks until the planned end (negative once past it)."""
    if einddatum is None:
        return None
    return (einddatum - (today or timezone.localdate())).days // 7


def mijn_trajecten(user: Any) -> list[Traject]:
    """Running and planned trajecten in which the user is the praktijkopleider or jobcoach, with
    progress (x of y beheerst) and the weeks left; one query however many rows."""
    qs = (
        Traject.objects.for_user(user, "view")
        .filter(Q(praktijkopleider_id=user.pk) | Q(jobcoach_id=user.pk))
        .filter(status__in=[TrajectStatus.GEPLAND, TrajectStatus.LOPEND])
        .select_related("deelnemer__pilot", "leerbedrijf")
        .annotate(
            wp_totaal=Count("traject_werkprocessen", distinct=True),
            wp_beheerst=Count(
                "traject_werkprocessen",
                filter=Q(traject_werkprocessen__status=WerkprocesStatus.BEHEERST),
                distinct=True,
            ),
            laatste_entry=Max("traject_werkprocessen__entries__datum"),
        )
        .order_by("geplande_einddatum", "pk")
    )
    result = list(qs)
    today = timezone.localdate()
    for t in result:
        t.weken_over = weken_over(t.geplande_einddatum, today)  # type: ignore[attr-defined]
    return result


def caseload(qs: QuerySet[Traject]) -> QuerySet[Traject]:
    """The planned and running trajecten of `qs` with the date of the last contact: the latest
    dated progress entry or quality review (None when there is none yet). One query however
    many rows; the least recently contacted first."""
    from django.db.models.functions import Greatest

    return (
        qs.filter(status__in=[TrajectStatus.GEPLAND, TrajectStatus.LOPEND])
        .select_related("deelnemer", "leerbedrijf")
        .annotate(
            laatste_entry=Max("traject_werkprocessen__entries__datum"),
            laatste_review=Max("kwaliteitsmomenten__datum"),
        )
        .annotate(laatste_contact=Greatest("laatste_entry", "laatste_review"))
        .order_by(F("laatste_contact").asc(nulls_first=True), "pk")
    )
