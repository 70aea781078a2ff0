"""Agreements are visible and changeable as their traject is (trajecten.TrajectQuerySet)."""

from __future__ import annotations

from typing import Any

from pilots.tenancy import ScopedQuerySet


def _trajecten(user: Any, action: str) -> Any:
    from trajecten.models import Traject

    return Traject.objects.for_user(user, action).values("pk")


class OvereenkomstQuerySet(ScopedQuerySet):
    pilot_lookup = "traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> OvereenkomstQuerySet:
        return self.filter(traject__in=_trajecten(user, action))


class VersieQuerySet(ScopedQuerySet):
    pilot_lookup = "overeenkomst__traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> VersieQuerySet:
        return self.filter(overeenkomst__traject__in=_trajecten(user, action))
