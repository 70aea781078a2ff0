from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedViewSetMixin
from praktijkleren.http import acting_user

from .. import services
from ..models import Organisatie, Partner, Pilot
from .serializers import OrganisatieSerializer, PilotDetailSerializer, PilotSerializer


class PilotViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Pilots the caller may see; projectleiders change their own pilot."""

    queryset = Pilot.objects.prefetch_related(
        "subregios",
        Prefetch("partners", queryset=Partner.objects.select_related("organisatie", "subregio")),
    )
    lookup_field = "code"

    def get_serializer_class(self) -> Any:
        return PilotSerializer if self.action == "list" else PilotDetailSerializer

    def perform_update(self, serializer: BaseSerializer) -> None:
        services.wijzig_pilot(
            actor=acting_user(self.request),
            pilot=cast(Pilot, serializer.instance),
            data=serializer.validated_data,
        )


class OrganisatieViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The shared organisation registry. Filter with ?soort= and ?q=."""

    queryset = Organisatie.objects.all()
    serializer_class = OrganisatieSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        if params.get("soort"):
            qs = qs.filter(soort=params["soort"])
        if params.get("q"):
            qs = qs.filter(naam__icontains=params["q"])
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not roles.has_cap(request.user, Cap.ORGANISATIE_CHANGE):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.maak_organisatie(
            actor=acting_user(self.request), data=serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        services.wijzig_organisatie(
            actor=acting_user(self.request),
            organisatie=cast(Organisatie, serializer.instance),
            data=serializer.validated_data,
        )
