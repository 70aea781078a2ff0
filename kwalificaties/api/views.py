from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from rest_framework import viewsets

from pilots.tenancy import ScopedViewSetMixin

from ..models import Kerntaak, Kwalificatie
from .serializers import KwalificatieDetailSerializer, KwalificatieSerializer


class KwalificatieViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The kwalificatiestructuur. Filter with ?niveau=, ?domein= and ?q= (name or crebo)."""

    queryset = Kwalificatie.objects.select_related("dossier")
    lookup_field = "crebo"

    def get_serializer_class(self) -> Any:
        return KwalificatieSerializer if self.action == "list" else KwalificatieDetailSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action != "list":
            return qs.prefetch_related(
                Prefetch("kerntaken", queryset=Kerntaak.objects.prefetch_related("werkprocessen"))
            )
        params = self.request.query_params
        if params.get("niveau"):
            qs = qs.filter(niveau=params["niveau"])
        if params.get("domein"):
            qs = qs.filter(domein=params["domein"])
        if params.get("q"):
            q = params["q"]
            qs = qs.filter(crebo=q) if q.isdigit() else qs.filter(naam__icontains=q)
        return qs
