"""Mbo-verklaringen over the API: read them, and issue one (the examencommissie of the
institution). Issuing checks, as in the UI, that every werkproces on it is still beheerst."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pilots.tenancy import ScopedViewSetMixin
from praktijkleren.http import acting_user

from ..models import Examenresultaat, MboVerklaring
from ..services import geef_uit
from ..verificatie import code_weergave


class VerklaringWerkprocesSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    crebo = serializers.CharField()
    kwalificatie = serializers.CharField()
    niveau = serializers.CharField()


class ExamenresultaatSerializer(serializers.ModelSerializer):
    class Meta:
        model = Examenresultaat
        fields = [
            "examenonderdeel", "datum", "resultaat", "certificaat_crebo", "certificaat_naam",
        ]  # fmt: skip


class RegistratieKortSerializer(serializers.Serializer):
    nummer = serializers.CharField()
    verificatiecode = serializers.CharField(help_text="The code, as the machine reads it.")
    verificatiecode_weergave = serializers.CharField(
        help_text="The code as printed and shown everywhere (ABCD-EFGH-JKMN)."
    )
    status = serializers.CharField()


class UitgifteSerializer(serializers.Serializer):
    ondertekenaar_naam = serializers.CharField(
        max_length=200, required=False, allow_blank=True,
        help_text="Member of the examencommissie who signs (default: the caller's name).",
    )  # fmt: skip
    ondertekenaar_functie = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="Their function, e.g. voorzitter (default: lid van de examencommissie).",
    )  # fmt: skip


class MboVerklaringSerializer(serializers.ModelSerializer):
    deelnemer = serializers.IntegerField(
        source="praktijkverklaring.traject.deelnemer_id", read_only=True
    )
    mbo_instelling = serializers.CharField(source="mbo_instelling.naam", read_only=True)
    uitgegeven = serializers.SerializerMethodField()
    registratie = serializers.SerializerMethodField()
    werkprocessen = serializers.SerializerMethodField()
    examenresultaten = ExamenresultaatSerializer(many=True, read_only=True)

    class Meta:
        model = MboVerklaring
        fields = [
            "id", "praktijkverklaring", "deelnemer", "mbo_instelling", "overige_resultaten",
            "examenresultaten", "brancheorganisaties", "ondertekenaar_naam",
            "ondertekenaar_functie", "uitgegeven", "uitgegeven_op", "registratie", "pdf_status",
            "werkprocessen",
        ]  # fmt: skip

    def get_uitgegeven(self, obj: MboVerklaring) -> bool:
        return obj.registratie_id is not None

    @extend_schema_field(RegistratieKortSerializer(allow_null=True))
    def get_registratie(self, obj: MboVerklaring) -> dict[str, Any] | None:
        r = obj.registratie
        if r is None:
            return None
        return {
            "nummer": r.nummer,
            "verificatiecode": r.verificatiecode,
            "verificatiecode_weergave": code_weergave(r.verificatiecode),
            "status": r.status,
        }

    @extend_schema_field(VerklaringWerkprocesSerializer(many=True))
    def get_werkprocessen(self, obj: MboVerklaring) -> list[dict[str, Any]]:
        return [
            {k: w.get(k, "") for k in ("code", "naam", "crebo", "kwalificatie", "niveau")}
            for w in obj.praktijkverklaring.inhoud.get("werkprocessen", [])
        ]


class MboVerklaringViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Mbo-verklaringen of the trajecten the caller may see. POST .../issue/ issues one (the
    examencommissie of the mbo-instelling): it is registered and its sealed PDF is made."""

    queryset = (
        MboVerklaring.objects.select_related(
            "mbo_instelling", "registratie", "praktijkverklaring__traject"
        )
        .prefetch_related("examenresultaten")
        .order_by("-created_at", "-pk")
    )
    serializer_class = MboVerklaringSerializer
    lookup_value_regex = r"\d+"

    def _action(self) -> str:
        # Issuing is the examencommissie's right, not the mbo's "change" (403 for other roles).
        return "issue" if self.action == "issue" else super()._action()

    @extend_schema(request=UitgifteSerializer, responses={200: MboVerklaringSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str | None = None) -> Response:
        mv = cast(MboVerklaring, self.get_object())
        body = UitgifteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        geef_uit(actor=acting_user(request), mbo_verklaring=mv, **body.validated_data)
        fresh = self.get_queryset().get(pk=mv.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_200_OK)
