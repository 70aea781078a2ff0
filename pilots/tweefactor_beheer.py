"""The platform beheerder resets another user's second factor (docs/security.md "Two
factors"): the user's devices are deleted, so they set one up again at their next login."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from praktijkleren import audit, tweefactor
from praktijkleren.models import User

from .roles import Cap, has_national


def mag_herstellen(user: Any) -> bool:
    """Only the platform beheerder (capability "everything"; superusers pass too)."""
    return has_national(user, Cap.EVERYTHING)


def gebruikers(zoek: str = "") -> QuerySet[User]:
    """Every account with whether it has a confirmed device; `zoek` in name or e-mail."""
    qs = User.objects.annotate(
        tweefactor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    ).order_by("last_name", "first_name", "email")
    zoek = zoek.strip()
    if zoek:
        qs = qs.filter(
            Q(email__icontains=zoek) | Q(first_name__icontains=zoek) | Q(last_name__icontains=zoek)
        )
    return qs


@transaction.atomic
def herstel_tweede_factor(*, actor: Any, gebruiker: User) -> int:
    """Delete every device (app and recovery codes) of `gebruiker`, with an audit event. Their
    sessions verified with it are no longer verified. Returns the number of devices."""
    if not mag_herstellen(actor):
        raise PermissionDenied
    if actor.pk == gebruiker.pk:
        raise ValidationError(
            _("You cannot reset your own second factor here: use your security page.")
        )
    n = tweefactor.verwijder_apparaten(user=gebruiker)
    audit.record(actor=actor, action="tweefactor.reset", obj=gebruiker, changes={"apparaten": n})
    return n
