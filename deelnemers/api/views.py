from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from praktijkleren.tenancy import ScopedViewSetMixin

from ..models import Deelnemer
from .serializers import DeelnemerSerializer


class DeelnemerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Participants the caller may see (read-only for now). Filter with ?pilot=CODE, ?status=."""

    queryset = Deelnemer.objects.select_related("pilot")
    serializer_class = DeelnemerSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        if params.get("pilot"):
            qs = qs.filter(pilot__code=params["pilot"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs
