"""API for trajecten and their progress: list/detail (werkprocessen with status and samenvattend
oordeel), POST an entry to `trajecten/{id}/voortgang/`, POST a werkproces status to
`trajecten/{id}/werkprocessen/{wp}/status/`. The rules are the services' (trajecten/voortgang.py),
the same as in the UI; their errors become a structured 400."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pilots.tenancy import ScopedViewSetMixin, get_for_user_or_404
from praktijkleren.http import acting_user
from trajecten.constants import (
    KwaliteitsMomentSoort,
    KwaliteitsUitkomst,
    TrajectRoute,
    TrajectStatus,
    VoortgangSoort,
    WerkprocesStatus,
)
from trajecten.models import KwaliteitsMoment, Traject, TrajectWerkproces, VoortgangEntry
from trajecten.voortgang import STARR_KEYS, voeg_entry_toe, zet_werkproces_status


class StarrSerializer(serializers.Serializer):
    situatie = serializers.CharField(required=False, allow_blank=True, default="")
    taak = serializers.CharField(required=False, allow_blank=True, default="")
    actie = serializers.CharField(required=False, allow_blank=True, default="")
    resultaat = serializers.CharField(required=False, allow_blank=True, default="")
    reflectie = serializers.CharField(required=False, allow_blank=True, default="")


class EntrySerializer(serializers.ModelSerializer):
    auteur: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    starr = StarrSerializer(read_only=True)

    class Meta:
        model = VoortgangEntry
        fields = ["id", "traject_werkproces", "soort", "datum", "tekst", "starr", "auteur"]
        read_only_fields = fields


class EntryCreateSerializer(serializers.Serializer):
    """A dated entry. For soort "starr" give `starr` (situatie, actie and reflectie required);
    otherwise give `tekst`."""

    traject_werkproces = serializers.IntegerField(
        help_text="Id of one of this traject's werkprocessen (see `werkprocessen[].id`)."
    )
    soort = serializers.ChoiceField(choices=VoortgangSoort.choices)
    datum = serializers.DateField(help_text="Not in the future.")
    tekst = serializers.CharField(required=False, allow_blank=True, default="")
    starr = StarrSerializer(required=False)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=WerkprocesStatus.choices)
    samenvattend_oordeel = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for status beheerst (only the traject's own praktijkopleider).",
    )


class TrajectWerkprocesSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="werkproces.code", read_only=True)
    naam = serializers.CharField(source="werkproces.naam", read_only=True)
    crebo = serializers.CharField(source="werkproces.kwalificatie.crebo", read_only=True)
    status = serializers.ChoiceField(choices=WerkprocesStatus.choices, read_only=True)

    class Meta:
        model = TrajectWerkproces
        fields = [
            "id", "werkproces", "code", "naam", "crebo", "status", "samenvattend_oordeel",
            "beheerst_op",
        ]  # fmt: skip
        read_only_fields = fields


class TrajectWerkprocesDetailSerializer(TrajectWerkprocesSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta(TrajectWerkprocesSerializer.Meta):
        fields = [*TrajectWerkprocesSerializer.Meta.fields, "entries"]
        read_only_fields = fields


class KwaliteitsMomentSerializer(serializers.ModelSerializer):
    moment = serializers.ChoiceField(choices=KwaliteitsMomentSoort.choices, read_only=True)
    uitkomst = serializers.ChoiceField(choices=KwaliteitsUitkomst.choices, read_only=True)

    class Meta:
        model = KwaliteitsMoment
        fields = ["id", "moment", "datum", "uitkomst", "toelichting"]
        read_only_fields = fields


class TrajectSerializer(serializers.ModelSerializer):
    pilot = serializers.CharField(source="deelnemer.pilot.code", read_only=True)
    route = serializers.ChoiceField(choices=TrajectRoute.choices, read_only=True)
    status = serializers.ChoiceField(choices=TrajectStatus.choices, read_only=True)
    leerbedrijf_naam = serializers.CharField(
        source="leerbedrijf.naam", read_only=True, default=None, allow_null=True
    )
    mbo_instelling_naam = serializers.CharField(
        source="mbo_instelling.naam", read_only=True, default=None, allow_null=True
    )
    werkprocessen_beheerst = serializers.IntegerField(read_only=True)
    werkprocessen = TrajectWerkprocesSerializer(
        source="traject_werkprocessen", many=True, read_only=True
    )

    class Meta:
        model = Traject
        fields = [
            "id", "deelnemer", "pilot", "route", "status", "leerbedrijf", "leerbedrijf_naam",
            "mbo_instelling", "mbo_instelling_naam", "startdatum", "geplande_einddatum",
            "einddatum", "werkprocessen_beheerst", "werkprocessen",
        ]  # fmt: skip
        read_only_fields = fields


class TrajectDetailSerializer(TrajectSerializer):
    werkprocessen = TrajectWerkprocesDetailSerializer(
        source="traject_werkprocessen", many=True, read_only=True
    )
    kwaliteitsmomenten = KwaliteitsMomentSerializer(many=True, read_only=True)

    class Meta(TrajectSerializer.Meta):
        fields = [*TrajectSerializer.Meta.fields, "kwaliteitsmomenten"]
        read_only_fields = fields


def _werkprocessen(with_entries: bool) -> Prefetch:
    qs = TrajectWerkproces.objects.select_related("werkproces__kwalificatie").order_by(
        "werkproces__kwalificatie__crebo", "werkproces__code"
    )
    if with_entries:
        qs = qs.prefetch_related(
            Prefetch("entries", queryset=VoortgangEntry.objects.select_related("auteur"))
        )
    return Prefetch("traject_werkprocessen", queryset=qs)


def _as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """A service error as a 400 body; STARR keys go under "starr" as in the request."""
    if not hasattr(exc, "error_dict"):
        return serializers.ValidationError({"non_field_errors": exc.messages})
    detail: dict[str, Any] = {}
    for field, messages in exc.message_dict.items():
        if field in STARR_KEYS:
            detail.setdefault("starr", {})[field] = messages
        else:
            detail[field] = messages
    return serializers.ValidationError(detail)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("pilot", OpenApiTypes.STR, description="Code of a pilot."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=TrajectStatus.values),
            OpenApiParameter("deelnemer", OpenApiTypes.INT, description="Id of a participant."),
        ]
    )
)
class TrajectViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Trajecten the caller may see (a praktijkopleider or jobcoach: only their own), with progress
    per werkproces. Filter with ?pilot=CODE, ?status= and ?deelnemer=ID."""

    queryset = Traject.objects.select_related(
        "deelnemer__pilot", "leerbedrijf", "mbo_instelling"
    ).order_by("-startdatum", "-pk")
    serializer_class = TrajectSerializer
    lookup_value_regex = r"\d+"

    def get_serializer_class(self) -> Any:
        return {
            "retrieve": TrajectDetailSerializer,
            "voortgang": EntryCreateSerializer,
            "werkproces_status": StatusSerializer,
        }.get(self.action or "", TrajectSerializer)

    def get_queryset(self) -> QuerySet[Traject]:
        qs = super().get_queryset()
        qs = qs.annotate(
            werkprocessen_beheerst=Count(
                "traject_werkprocessen",
                filter=Q(traject_werkprocessen__status=WerkprocesStatus.BEHEERST),
            )
        ).prefetch_related(_werkprocessen(with_entries=self.action == "retrieve"))
        if self.action == "retrieve":
            qs = qs.prefetch_related("kwaliteitsmomenten")
        params = self.request.query_params
        if params.get("pilot"):
            qs = qs.filter(deelnemer__pilot__code=params["pilot"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if re.fullmatch(r"\d+", params.get("deelnemer", "")):
            qs = qs.filter(deelnemer_id=int(params["deelnemer"]))
        return qs

    def _traject_for(self, action_name: str) -> Traject:
        """The traject of the URL, per the tenancy rule: another pilot's is 404, too little
        role is 403."""
        trajecten = Traject.objects.select_related("deelnemer")
        return get_for_user_or_404(trajecten, self.request.user, action_name, pk=self.kwargs["pk"])

    @extend_schema(request=EntryCreateSerializer, responses={201: EntrySerializer})
    @action(detail=True, methods=["post"])
    def voortgang(self, request: Request, pk: str) -> Response:
        """Record an entry for one of the traject's werkprocessen (praktijkopleider, jobcoach,
        mbo-medewerker, projectleider)."""
        traject = self._traject_for("voortgang")
        serializer = EntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tw = traject.traject_werkprocessen.filter(pk=data.pop("traject_werkproces")).first()
        if tw is None:
            raise serializers.ValidationError(
                {"traject_werkproces": [_("This werkproces is not part of this traject.")]}
            )
        try:
            entry = voeg_entry_toe(actor=acting_user(request), traject_werkproces=tw, **data)
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from exc
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StatusSerializer,
        responses={200: TrajectWerkprocesSerializer},
        parameters=[OpenApiParameter("werkproces_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"werkprocessen/(?P<werkproces_pk>[0-9]+)/status",
        url_name="werkproces-status",
    )
    def werkproces_status(self, request: Request, pk: str, werkproces_pk: str) -> Response:
        """Set a werkproces's status. "beheerst" needs a samenvattend oordeel and is only for
        the traject's own praktijkopleider (others get 403)."""
        traject = self._traject_for("voortgang")
        tw = get_for_user_or_404(
            TrajectWerkproces, request.user, "view", pk=werkproces_pk, traject=traject
        )
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            tw = zet_werkproces_status(
                actor=acting_user(request), traject_werkproces=tw, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _as_drf_error(exc) from exc
        tw = TrajectWerkproces.objects.select_related("werkproces__kwalificatie").get(pk=tw.pk)
        return Response(TrajectWerkprocesSerializer(tw).data)
