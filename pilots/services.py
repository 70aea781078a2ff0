"""Write operations on pilots, partners, subregio's and organisations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pilots import roles
from pilots.roles import NATIONAL_ROLES, Role
from praktijkleren import audit
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, datum_fout

from .constants import OrganisatieSoort
from .models import Membership, Organisatie, Partner, Pilot, Subregio

PILOT_FIELDS = [
    "naam", "soort", "tranche", "arbeidsmarktregio", "doelgroep", "startdatum", "streefaantal",
    "financieringsbronnen", "bewaartermijn_maanden",
]  # fmt: skip
ORGANISATIE_FIELDS = ["naam", "soort", "plaats", "brin", "bekostigd", "leerbedrijf_id", "email"]


def _controleer_pilot(data: dict[str, Any]) -> None:
    controleer_invoer(
        data,
        regels=["code", "naam", "tranche", "arbeidsmarktregio", "doelgroep"],
        datums=["startdatum"],
    )


@transaction.atomic
def wijzig_pilot(*, actor: User | None, pilot: Pilot, data: dict[str, Any]) -> Pilot:
    """Change a pilot's own data (not its code, which other systems use as key)."""
    _controleer_pilot(data)
    before = audit.snapshot(pilot, PILOT_FIELDS)
    for name in PILOT_FIELDS:
        if name in data:
            setattr(pilot, name, data[name])
    pilot.full_clean()
    pilot.save()
    changes = audit.diff(before, audit.snapshot(pilot, PILOT_FIELDS))
    if changes:
        audit.record(
            actor=actor, action="pilot.update", obj=pilot, pilot_id=pilot.pk, changes=changes
        )
    return pilot


@transaction.atomic
def maak_pilot(*, actor: User | None, code: str, **data: Any) -> Pilot:
    """Create a tenant. Platform beheerders only (enforced by the caller's scope)."""
    if Pilot.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A pilot with code %(code)s already exists.") % {"code": code}}
        )
    _controleer_pilot({"code": code, **data})
    pilot = Pilot(code=code, **data)
    pilot.full_clean()
    pilot.save()
    audit.record(actor=actor, action="pilot.create", obj=pilot, pilot_id=pilot.pk)
    return pilot


@transaction.atomic
def voeg_subregio_toe(*, actor: User | None, pilot: Pilot, naam: str) -> Subregio:
    """Add a subregio to a pilot; names are unique within the pilot."""
    controleer_invoer({"naam": naam}, regels=["naam"])
    naam = naam.strip()
    if not naam:
        raise ValidationError({"naam": _("Enter the name of the subregio.")})
    if Subregio.objects.filter(pilot=pilot, naam__iexact=naam).exists():
        raise ValidationError(
            {"naam": _("This pilot already has a subregio named %(naam)s.") % {"naam": naam}}
        )
    subregio = Subregio.objects.create(pilot=pilot, naam=naam)
    audit.record(actor=actor, action="subregio.create", obj=subregio, pilot_id=pilot.pk)
    return subregio


@transaction.atomic
def verwijder_subregio(*, actor: User | None, subregio: Subregio) -> None:
    """Remove a subregio; partners in it stay partners without a subregio."""
    audit.record(
        actor=actor,
        action="subregio.delete",
        obj=subregio,
        pilot_id=subregio.pilot_id,
        changes={"naam": subregio.naam},
    )
    subregio.delete()


@transaction.atomic
def voeg_partner_toe(
    *,
    actor: User | None,
    pilot: Pilot,
    organisatie: Organisatie,
    rol: str,
    subregio: Subregio | None = None,
    sinds: Any = None,
    toelichting: str = "",
) -> Partner:
    """Make an organisation a partner of the pilot in a given role."""
    controleer_invoer({"toelichting": toelichting}, teksten=["toelichting"])
    if fout := datum_fout(sinds):
        raise ValidationError({"sinds": fout})
    if subregio is not None and subregio.pilot_id != pilot.pk:
        raise ValidationError({"subregio": _("This subregio belongs to another pilot.")})
    if Partner.objects.filter(pilot=pilot, organisatie=organisatie, rol=rol).exists():
        raise ValidationError(
            {
                "organisatie": _("%(organisatie)s is already a partner of this pilot in this role.")
                % {"organisatie": organisatie.naam}
            }
        )
    partner = Partner.objects.create(
        pilot=pilot,
        organisatie=organisatie,
        rol=rol,
        subregio=subregio,
        sinds=sinds,
        toelichting=toelichting,
    )
    audit.record(
        actor=actor,
        action="partner.create",
        obj=partner,
        pilot_id=pilot.pk,
        changes={"organisatie": organisatie.naam, "rol": rol},
    )
    return partner


@transaction.atomic
def verwijder_partner(*, actor: User | None, partner: Partner) -> None:
    """End a partnership. The organisation stays in the shared registry."""
    audit.record(
        actor=actor,
        action="partner.delete",
        obj=partner,
        pilot_id=partner.pilot_id,
        changes={"organisatie": partner.organisatie.naam, "rol": partner.rol},
    )
    partner.delete()


def _validate_organisatie(org: Organisatie) -> None:
    # The name and place are printed on agreements and verklaringen and put in e-mails.
    controleer_invoer(
        {n: getattr(org, n) for n in ORGANISATIE_FIELDS},
        regels=["naam", "plaats", "brin", "leerbedrijf_id", "email"],
    )
    errors: dict[str, str] = {}
    if org.brin and org.soort != OrganisatieSoort.MBO_INSTELLING:
        errors["brin"] = _("Only an mbo-instelling has a BRIN code.")
    if org.soort == OrganisatieSoort.MBO_INSTELLING and org.bekostigd is None:
        errors["bekostigd"] = _("State whether this mbo-instelling is funded (bekostigd).")
    if org.leerbedrijf_id and org.soort not in (
        OrganisatieSoort.LEERBEDRIJF,
        OrganisatieSoort.SW_BEDRIJF,
    ):
        errors["leerbedrijf_id"] = _("Only a leerbedrijf or sw-bedrijf has an SBB leerbedrijf-ID.")
    others = Organisatie.objects.exclude(pk=org.pk)
    if org.leerbedrijf_id and others.filter(leerbedrijf_id=org.leerbedrijf_id).exists():
        errors["leerbedrijf_id"] = _("Another organisation already has leerbedrijf-ID %(id)s.") % {
            "id": org.leerbedrijf_id
        }
    if org.brin and others.filter(brin=org.brin).exists():
        errors["brin"] = _("Another organisation already has BRIN code %(brin)s.") % {
            "brin": org.brin
        }
    if errors:
        raise ValidationError(errors)
    org.full_clean()


@transaction.atomic
def maak_organisatie(
    *, actor: User | None, data: dict[str, Any], pilot: Pilot | None = None, rol: str | None = None
) -> Organisatie:
    """Add an organisation to the shared registry, optionally as partner of a pilot at once."""
    org = Organisatie(**{k: v for k, v in data.items() if k in ORGANISATIE_FIELDS})
    _validate_organisatie(org)
    org.save()
    audit.record(actor=actor, action="organisatie.create", obj=org)
    if pilot is not None and rol:
        voeg_partner_toe(actor=actor, pilot=pilot, organisatie=org, rol=rol)
    return org


@transaction.atomic
def wijzig_organisatie(
    *, actor: User | None, organisatie: Organisatie, data: dict[str, Any]
) -> Organisatie:
    """Change an organisation in the shared registry (every pilot sees the change)."""
    before = audit.snapshot(organisatie, ORGANISATIE_FIELDS)
    for name in ORGANISATIE_FIELDS:
        if name in data:
            setattr(organisatie, name, data[name])
    _validate_organisatie(organisatie)
    organisatie.save()
    changes = audit.diff(before, audit.snapshot(organisatie, ORGANISATIE_FIELDS))
    if changes:
        audit.record(actor=actor, action="organisatie.update", obj=organisatie, changes=changes)
    return organisatie


PILOT_ROLES = [r for r in Role if r not in NATIONAL_ROLES]


@transaction.atomic
def voeg_lid_toe(
    *,
    actor: User | None,
    pilot: Pilot,
    email: str,
    role: str,
    organisatie: Organisatie | None,
    first_name: str = "",
    last_name: str = "",
    invite_url: Callable[[Any], str] | None = None,
) -> Membership:
    """Give a person a role in the pilot. A new person gets an account without a password and an
    e-mail with a link to choose one; an existing account gets an e-mail saying who gave it
    which role (both sent after commit)."""
    from praktijkleren.models import User

    controleer_invoer(
        {"email": email, "first_name": first_name, "last_name": last_name},
        regels=["email", "first_name", "last_name"],
    )
    email = email.strip().lower()
    if role not in PILOT_ROLES:
        raise ValidationError({"role": _("This role cannot be given within a pilot.")})
    if (
        organisatie is not None
        and not Partner.objects.filter(pilot=pilot, organisatie=organisatie).exists()
    ):
        raise ValidationError(
            {"organisatie": _("Choose an organisation that is a partner of this pilot.")}
        )
    user = User.objects.filter(email=email).first()
    bestaand = user is not None
    if user is None:
        user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.save()
        if invite_url is not None:
            _queue_invitation(user=user, pilot=pilot, url=invite_url(user))
    membership, created = Membership.objects.get_or_create(
        user=user, pilot=pilot, organisatie=organisatie, role=role, defaults={"active": True}
    )
    if not created and membership.active:
        raise ValidationError(
            {"email": _("%(email)s already has this role in this pilot.") % {"email": email}}
        )
    membership.active = True
    membership.save(update_fields=["active"])
    _vergeet_rollen(user, actor)
    audit.record(
        actor=actor,
        action="membership.create",
        obj=membership,
        pilot_id=pilot.pk,
        changes={"user": email, "role": role},
    )
    if bestaand:
        # Nobody gets a role (and access to participants) without knowing it.
        _queue_lid_toegevoegd(user=user, pilot=pilot, role=role, actor=actor)
    return membership


def _queue_lid_toegevoegd(*, user: Any, pilot: Pilot, role: str, actor: User | None) -> None:
    """Tell an existing account it was given a role in the pilot, by whom, with a link to the
    site (no password link: the account has its own)."""
    from django.urls import reverse

    from praktijkleren.mail import queue_notification

    rol = str(Role(role).label).lower()
    context = {
        "user": user,
        "pilot": pilot,
        "rol": rol,
        "door": (actor.get_full_name() or actor.email) if actor is not None else "",
    }
    queue_notification(
        to=[user.email],
        subject=_("You have been added to pilot %(pilot)s as %(rol)s")
        % {"pilot": pilot.naam, "rol": rol},
        template="pilots/lid_toegevoegd_email.txt",
        link=reverse("pilots:pilot-detail", args=[pilot.code]),
        context=context,
    )


@transaction.atomic
def beeindig_lidmaatschap(*, actor: User | None, membership: Membership) -> None:
    """End a role in a pilot. The account stays (it may have roles elsewhere, and history)."""
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.PROJECTLEIDER:
        raise ValidationError(_("You cannot remove your own projectleider role."))
    membership.active = False
    membership.save(update_fields=["active"])
    _vergeet_rollen(membership.user, actor)
    audit.record(actor=actor, action="membership.end", obj=membership, pilot_id=membership.pilot_id)
    # Whoever holds no role any more keeps no API access either.
    if not Membership.objects.filter(user_id=membership.user_id, active=True).exists():
        from praktijkleren import tokens

        tokens.revoke_all_tokens(actor=actor, user=membership.user, reason=tokens.MEMBERSHIP_ENDED)


def _vergeet_rollen(user: Any, actor: User | None) -> None:
    """The memoised role checks of the person whose roles changed are stale (and the actor's,
    when they changed their own)."""
    roles.forget(user)
    if actor is not None and actor.pk == user.pk:
        roles.forget(actor)


def _queue_invitation(*, user: Any, pilot: Pilot, url: str) -> None:
    from praktijkleren.mail import queue_notification

    queue_notification(
        to=[user.email],
        subject=_("You have been invited to Praktijkleren (%(pilot)s)") % {"pilot": pilot.naam},
        template="pilots/invitation_email.txt",
        link=url,  # the personal link to choose a password
        context={"user": user, "pilot": pilot},
    )
