"""Referral (aanmelding): the write operations of step 1, and the notifications around a
participant's status. Kept apart from services.py so each module stays small."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from pilots import roles
from pilots.models import Membership, Organisatie, Pilot
from pilots.roles import Cap, Role
from praktijkleren import audit
from praktijkleren.mail import queue_notification
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, redelijke_datum, telefoonnummer

from .constants import DeelnemerStatus, EventSoort, ToestemmingDoel
from .models import Deelnemer, DeelnemerEvent, Toestemming
from .validators import normaliseer_doelgroepen

MINIMUM_LEEFTIJD = 16
# Texts of a participant that reach documents and e-mails: one line, or free text.
DEELNEMER_REGELS = (
    "voornaam", "achternaam", "voorkeur_sector", "voorkeur_leerbedrijf", "vertegenwoordiger_naam",
    "referentie", "status_reden",
)  # fmt: skip
DEELNEMER_TEKSTEN = ("wens",)


def leeftijd(geboortedatum: date, op: date) -> int:
    return (
        op.year
        - geboortedatum.year
        - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))
    )


def _verwijzer_organisatie(user: Any, pilot: Pilot) -> Organisatie | None:
    membership = (
        Membership.objects.filter(
            user_id=user.pk, pilot=pilot, active=True, organisatie__isnull=False
        )
        .filter(role__in=roles.roles_with(Cap.DEELNEMER_REFER))
        .select_related("organisatie")
        .order_by("role")
        .first()
    )
    return membership.organisatie if membership else None


@transaction.atomic
def aanmelden(
    *,
    actor: User | None,
    pilot: Pilot,
    voornaam: str,
    achternaam: str,
    geboortedatum: date,
    toestemming: bool,
    toestemming_doelen: list[str],
    email: str = "",
    telefoon: str = "",
    today: date | None = None,
    **fields: Any,
) -> Deelnemer:
    """Refer a candidate to the pilot. Requires the candidate's consent; refuses a future date of
    birth, an age under 16, an unknown target group code (`doelgroepen`: a list of
    `Doelgroep` codes), and a duplicate (same name and date of birth in this pilot); control
    characters in the texts and a phone number that is not one (it is stored as E.164)."""
    today = today or timezone.localdate()
    controleer_invoer(
        {"voornaam": voornaam, "achternaam": achternaam, **fields},
        regels=DEELNEMER_REGELS,
        teksten=DEELNEMER_TEKSTEN,
    )
    errors: dict[str, str] = {}
    try:
        telefoon = telefoonnummer(telefoon)
    except ValidationError as exc:
        errors["telefoon"] = exc.messages[0]
    if not toestemming:
        errors["toestemming"] = _(
            "Without the candidate's consent to share their data with the pilot partners, the "
            "referral cannot be saved."
        )
    try:
        redelijke_datum(geboortedatum)
    except ValidationError as exc:
        errors["geboortedatum"] = exc.messages[0]
    if "geboortedatum" in errors:
        pass  # not plausible: the age checks below would only add noise
    elif geboortedatum > today:
        errors["geboortedatum"] = _("The date of birth is in the future.")
    elif leeftijd(geboortedatum, today) < MINIMUM_LEEFTIJD:
        errors["geboortedatum"] = _(
            "The candidate is younger than %(min)d. Praktijkleren is open from age 16 (16 and 17 "
            "only with an exception recorded at the intake)."
        ) % {"min": MINIMUM_LEEFTIJD}
    if not (email.strip() or telefoon.strip()):
        errors["email"] = _(
            "Enter an e-mail address or a phone number so the mbo can make contact."
        )
    bestaand = Deelnemer.objects.filter(
        pilot=pilot,
        voornaam__iexact=voornaam.strip(),
        achternaam__iexact=achternaam.strip(),
        geboortedatum=geboortedatum,
    ).first()
    try:
        fields["doelgroepen"] = normaliseer_doelgroepen(fields.get("doelgroepen"))
    except ValidationError as exc:
        errors["doelgroepen"] = exc.messages[0]
    if bestaand is not None:
        errors["achternaam"] = _(
            "%(naam)s, born %(geboren)s, was already referred to this pilot on %(op)s. Ask the mbo "
            "contact of the pilot instead of referring again."
        ) % {
            "naam": f"{voornaam.strip()} {achternaam.strip()}",
            "geboren": date_format(geboortedatum, "DATE_FORMAT"),
            "op": date_format(bestaand.aangemeld_op, "DATE_FORMAT"),
        }
    if errors:
        raise ValidationError(errors)

    deelnemer = Deelnemer.objects.create(
        pilot=pilot,
        voornaam=voornaam.strip(),
        achternaam=achternaam.strip(),
        geboortedatum=geboortedatum,
        email=email.strip(),
        telefoon=telefoon.strip(),
        aangemeld_op=today,
        status=DeelnemerStatus.AANGEMELD,
        verwezen_door=actor,
        verwijzer_organisatie=_verwijzer_organisatie(actor, pilot),
        **fields,
    )
    Toestemming.objects.create(
        deelnemer=deelnemer,
        gegeven=True,
        doelen=sorted({ToestemmingDoel.DELEN_PARTNERS, *toestemming_doelen}),
        vastgelegd_door=actor,
    )
    # The referrer keeps seeing what happens to their candidate.
    assign_perm("deelnemers.view_deelnemer", actor, deelnemer)
    leg_gebeurtenis_vast(deelnemer=deelnemer, actor=actor, soort=EventSoort.AANGEMELD)
    audit.record(actor=actor, action="deelnemer.aanmelden", obj=deelnemer, pilot_id=pilot.pk)
    notify(
        to=mbo_contacts(deelnemer),
        template="deelnemers/email/nieuwe_aanmelding.txt",
        subject=_("New referral: %(naam)s") % {"naam": deelnemer},
        link=deelnemer.get_absolute_url(),
        deelnemer=deelnemer,
    )
    return deelnemer


def leg_gebeurtenis_vast(
    *, deelnemer: Deelnemer, actor: User | None, soort: str, tekst: str = ""
) -> DeelnemerEvent:
    return DeelnemerEvent.objects.create(
        deelnemer=deelnemer,
        actor=actor if getattr(actor, "pk", None) else None,
        soort=soort,
        tekst=tekst,
    )


def mbo_contacts(deelnemer: Deelnemer) -> list[str]:
    """The responsible mbo contact, or else every mbo-medewerker of the pilot."""
    if deelnemer.mbo_contact_id and deelnemer.mbo_contact and deelnemer.mbo_contact.is_active:
        return [deelnemer.mbo_contact.email]
    return sorted(
        Membership.objects.filter(
            pilot_id=deelnemer.pilot_id, role=Role.MBO_MEDEWERKER, active=True, user__is_active=True
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


def notify(*, to: list[str], template: str, subject: str, link: str, **context: Any) -> None:
    """One e-mail per person in `to`, greeting them and linking to `link` (a path on this site,
    or an absolute URL): `praktijkleren.mail.queue_notification`."""
    queue_notification(to=to, subject=subject, template=template, link=link, context=context)


@transaction.atomic
def wijzig_status(
    *, actor: User | None, deelnemer: Deelnemer, status: str, reden: str = ""
) -> Deelnemer:
    """Change a participant's status. Stopping and not starting need a reason; the verwijzer is
    told when their candidate starts a route."""
    if status not in DeelnemerStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status in (DeelnemerStatus.GESTOPT, DeelnemerStatus.NIET_GESTART) and not reden.strip():
        raise ValidationError(
            {"reden": _("Give the reason why the candidate stopped or did not start.")}
        )
    controleer_invoer({"reden": reden}, regels=["reden"])
    # The dossier's timeline is kept in the platform's language, whoever acts (like documents).
    with translation.override(settings.LANGUAGE_CODE):
        vorige = deelnemer.get_status_display()
    deelnemer.status = status
    deelnemer.status_reden = reden.strip()
    deelnemer.save(update_fields=["status", "status_reden", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):
        tekst = f"{vorige} → {deelnemer.get_status_display()}" + (
            f": {reden.strip()}" if reden.strip() else ""
        )
    leg_gebeurtenis_vast(
        deelnemer=deelnemer, actor=actor, soort=EventSoort.STATUS, tekst=tekst[:300]
    )
    audit.record(
        actor=actor,
        action="deelnemer.status",
        obj=deelnemer,
        pilot_id=deelnemer.pilot_id,
        changes={"status": status, "reden": reden},
    )
    if status == DeelnemerStatus.IN_TRAJECT and deelnemer.verwezen_door_id:
        notify(
            to=[deelnemer.verwezen_door.email],  # type: ignore[union-attr]
            template="deelnemers/email/gestart.txt",
            subject=_("%(naam)s has started a route") % {"naam": deelnemer},
            link=deelnemer.get_absolute_url(),
            deelnemer=deelnemer,
        )
    return deelnemer
