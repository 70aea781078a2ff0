"""Reads about memberships that other apps need (who holds a role where)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Membership, Pilot


def _actief(*, pilot: Pilot | int, role: str) -> QuerySet[Membership]:
    return Membership.objects.filter(pilot=pilot, role=role, active=True)


def personen_met_rol(*, pilot: Pilot | int, role: str) -> QuerySet[Any]:
    """Active accounts holding `role` in `pilot` through an active membership.

    Role, pilot and active belong to ONE membership row: a subquery on `Membership`, never
    chained `.filter(memberships__...)` calls, which Django joins separately (a praktijkopleider
    of another pilot who is only a verwijzer here would match)."""
    return get_user_model().objects.filter(
        is_active=True, pk__in=_actief(pilot=pilot, role=role).values("user_id")
    )


def heeft_rol(*, user: Any, pilot: Pilot | int, role: str) -> bool:
    """True when `user` is an active account with an active membership `role` in `pilot`."""
    return bool(
        user is not None
        and user.is_active
        and _actief(pilot=pilot, role=role).filter(user_id=user.pk).exists()
    )
