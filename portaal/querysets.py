"""Who sees the portal's rows. Staff see them as they see the participant (`for_user`, through
the parent, like every child of a dossier); the participant sees only their own
(`for_deelnemer`, with the id from their portal session)."""

from __future__ import annotations

from pilots.tenancy import ParentScopedQuerySet


class DeelnemerEigenQuerySet(ParentScopedQuerySet):
    parent = "deelnemer"
    pilot_lookup = "deelnemer__pilot"

    def for_deelnemer(self, deelnemer_id: int) -> DeelnemerEigenQuerySet:
        return self.filter(deelnemer_id=deelnemer_id)


class DeellinkGebruikQuerySet(ParentScopedQuerySet):
    parent = "deellink__deelnemer"
    pilot_lookup = "deellink__deelnemer__pilot"

    def for_deelnemer(self, deelnemer_id: int) -> DeellinkGebruikQuerySet:
        return self.filter(deellink__deelnemer_id=deelnemer_id)
