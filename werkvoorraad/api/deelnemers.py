from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from deelnemers.aanmelding import aanmelden
from deelnemers.models import Deelnemer
from intake.models import Advies
from pilots import roles
from pilots.models import Pilot
from pilots.roles import Cap
from pilots.tenancy import ScopedViewSetMixin, get_for_user_or_404
from praktijkleren.http import acting_user

from .serializers import AanmeldingSerializer, DeelnemerDetailSerializer, DeelnemerSerializer


class DeelnemerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Participants the caller may see. Filter with ?pilot=CODE and ?status=. POST to
    `aanmelden/` to refer a candidate."""

    queryset = Deelnemer.objects.select_related("pilot")
    serializer_class = DeelnemerSerializer

    def get_serializer_class(self) -> Any:
        if self.action == "aanmelden":
            return AanmeldingSerializer
        return DeelnemerSerializer if self.action == "list" else DeelnemerDetailSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action == "retrieve":
            adviezen = Advies.objects.for_user(self.request.user, "view")
            qs = qs.prefetch_related(
                Prefetch("adviezen", queryset=adviezen, to_attr="zichtbare_adviezen")
            )
        params = self.request.query_params
        if params.get("pilot"):
            qs = qs.filter(pilot__code=params["pilot"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    @extend_schema(request=AanmeldingSerializer, responses={201: DeelnemerDetailSerializer})
    @action(detail=False, methods=["post"])
    def aanmelden(self, request: Request) -> Response:
        serializer = AanmeldingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        pilot = get_for_user_or_404(Pilot, request.user, "view", code=data.pop("pilot"))
        if not roles.has_cap(request.user, Cap.DEELNEMER_REFER, pilot.pk):
            raise PermissionDenied
        deelnemer = aanmelden(actor=acting_user(request), pilot=pilot, **data)
        deelnemer.zichtbare_adviezen = []  # type: ignore[attr-defined]
        return Response(DeelnemerDetailSerializer(deelnemer).data, status=status.HTTP_201_CREATED)
