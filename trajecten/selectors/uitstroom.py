"""Read operations for the end of a traject: the section on the traject page and the pilot's
overview of running trajecten."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.fields import DateField
from django.utils import timezone

from pilots import roles
from pilots.roles import Cap
from trajecten.constants import TrajectStatus, WerkprocesStatus
from trajecten.forms.uitstroom import AfsluitForm, NametingForm, UitstroomForm
from trajecten.models import Nameting, Traject, Uitstroom
from trajecten.uitstroom import AFGESLOTEN, OPEN


def traject_context(traject: Any, user: Any) -> dict[str, Any]:
    """Extra context for templates/trajecten/_traject_afsluiting.html on the traject page."""
    pilot_id = traject.deelnemer.pilot_id
    can_change = roles.has_cap(user, Cap.DEELNEMER_CHANGE, pilot_id)
    ended = traject.status in AFGESLOTEN
    uitstroom = Uitstroom.objects.filter(traject=traject).select_related("vastgelegd_door").first()
    nametingen = list(
        Nameting.objects.filter(traject=traject).select_related("gevraagd_aan", "beantwoord_door")
    )
    for n in nametingen:
        n.mag_antwoorden = can_change or (n.gevraagd_aan_id == user.pk)  # type: ignore[attr-defined]
    ctx: dict[str, Any] = {
        "afsluiting_uitstroom": uitstroom,
        "afsluiting_nametingen": nametingen,
        "afsluiting_can_close": can_change and traject.status in OPEN,
        "afsluiting_can_uitstroom": can_change and ended,
        "afsluiting_over_einde": (
            traject.status == TrajectStatus.LOPEND
            and traject.geplande_einddatum is not None
            and traject.geplande_einddatum < timezone.localdate()
        ),
    }
    if ctx["afsluiting_can_close"]:
        ctx["afsluit_form"] = AfsluitForm(initial={"einddatum": timezone.localdate()})
    if ctx["afsluiting_can_uitstroom"]:
        initial = (
            {
                "soort": uitstroom.soort,
                "datum": uitstroom.datum,
                "toelichting": uitstroom.toelichting,
                "behaald": uitstroom.behaald,
                "behaald_crebo": uitstroom.behaald_crebo,
            }
            if uitstroom
            else {"datum": traject.einddatum}
        )
        ctx["uitstroom_form"] = UitstroomForm(initial=initial)
    return ctx


def nameting_form(nameting: Nameting) -> NametingForm:
    return NametingForm(
        initial={"situatie": nameting.situatie, "toelichting": nameting.toelichting}
    )


def lopende_trajecten(pilot: Any, user: Any, today: date | None = None) -> QuerySet[Any]:
    """The pilot's running trajecten the user may see, with weeks left and progress (how many of
    the agreed werkprocessen are mastered), in one query. Overdue ones first."""
    today = today or timezone.localdate()
    return (
        Traject.objects.for_user(user, "view")
        .filter(deelnemer__pilot=pilot, status=TrajectStatus.LOPEND)
        .select_related("deelnemer", "leerbedrijf", "praktijkopleider")
        .annotate(
            resterend=ExpressionWrapper(
                F("geplande_einddatum") - Value(today, output_field=DateField()),
                output_field=DurationField(),
            ),
            n_werkprocessen=Count("traject_werkprocessen"),
            n_beheerst=Count(
                "traject_werkprocessen",
                filter=Q(traject_werkprocessen__status=WerkprocesStatus.BEHEERST),
            ),
        )
        .order_by(F("geplande_einddatum").asc(nulls_last=True), "deelnemer__achternaam", "pk")
    )


def weken(resterend: Any) -> int | None:
    """Whole weeks left (negative: overdue), from the annotated interval."""
    if resterend is None:
        return None
    return int(resterend.days // 7)
