from __future__ import annotations

from typing import cast

from rest_framework import viewsets

from pilots.tenancy import ScopedViewSetMixin

from ..models import Advies, Intake
from ..querysets import AdviesQuerySet
from .serializers import AdviesSerializer, IntakeSerializer


class IntakeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Intakes with their criteria and notes: for the mbo and the projectleider only."""

    queryset = Intake.objects.all()
    serializer_class = IntakeSerializer


class AdviesViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Advice history with reasoning: for the mbo and the projectleider (the verwijzer sees the
    current route and next step on the participant)."""

    queryset = Advies.objects.all()
    serializer_class = AdviesSerializer

    def get_queryset(self) -> AdviesQuerySet:
        qs = cast(AdviesQuerySet, super().get_queryset())
        return qs.with_reasoning_for(self.request.user)
