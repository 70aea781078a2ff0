from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch
from rest_framework import viewsets

from ondertekening.models import Ondertekening
from pilots.tenancy import ScopedViewSetMixin

from ..constants import OvereenkomstSoort
from ..models import Overeenkomst, OvereenkomstVersie
from .serializers import OvereenkomstSerializer


class OvereenkomstViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Agreements (OOK, POK, PLOK) of the trajecten the caller may see, with every version and
    the status of each signature. Filter with ?traject=ID and ?soort=ook|pok|plok."""

    queryset = Overeenkomst.objects.prefetch_related(
        Prefetch(
            "versies",
            queryset=OvereenkomstVersie.objects.order_by("-nummer").prefetch_related(
                Prefetch(
                    "ondertekeningen",
                    queryset=Ondertekening.objects.select_related("organisatie").order_by("pk"),
                )
            ),
        )
    ).order_by("traject_id", "soort")
    serializer_class = OvereenkomstSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        if re.fullmatch(r"\d+", params.get("traject", "")):
            qs = qs.filter(traject_id=int(params["traject"]))
        if params.get("soort") in OvereenkomstSoort.values:
            qs = qs.filter(soort=params["soort"])
        return qs
