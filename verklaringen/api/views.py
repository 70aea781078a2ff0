from __future__ import annotations

import re
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pilots.tenancy import ScopedViewSetMixin, check_access
from praktijkleren.http import acting_user, ratelimit_key

from .. import register, verificatie
from ..constants import RegistratieStatus
from ..models import Registratie
from ..ratelimit import ratelimit
from ..verificatie import CODE_RATE, UPLOAD_RATE, te_groot_verzoek
from .serializers import (
    IntrekkenSerializer,
    PdfUploadSerializer,
    PdfVerificatieSerializer,
    RegistratieSerializer,
    VerificatieSerializer,
)


class RegistratieViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The register of issued verklaringen the caller may see. Filter with ?status=,
    ?pilot=CODE and ?deelnemer=ID. The examencommissie of the issuing institution revokes one
    with POST .../revoke/ {"reden": "..."}."""

    queryset = Registratie.objects.select_related("pilot", "vervangen_door").order_by(
        "-uitgegeven_op", "-pk"
    )
    serializer_class = RegistratieSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        if params.get("status") in RegistratieStatus.values:
            qs = qs.filter(status=params["status"])
        if params.get("pilot"):
            qs = qs.filter(pilot__code=params["pilot"])
        if re.fullmatch(r"\d+", params.get("deelnemer", "")):
            qs = qs.filter(deelnemer_id=int(params["deelnemer"]))
        return qs

    @extend_schema(request=IntrekkenSerializer, responses={200: RegistratieSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        registratie = cast(Registratie, self.get_object())
        # Too little role answers 403 before the input is looked at.
        check_access(request.user, registratie, "issue")
        serializer = IntrekkenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        register.trek_in(
            actor=acting_user(request),
            registratie=registratie,
            reden=serializer.validated_data["reden"],
        )
        fresh = self.get_queryset().get(pk=registratie.pk)
        return Response(self.get_serializer(fresh).data)


def _te_vaak() -> Response:
    return Response(
        {"detail": _("Too many attempts. Wait a minute and try again.")},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


@method_decorator(
    ratelimit(group="api-verificatie-code", key=ratelimit_key, rate=CODE_RATE, block=False),
    name="get",
)
@method_decorator(
    ratelimit(group="api-verificatie-upload", key=ratelimit_key, rate=UPLOAD_RATE, block=False),
    name="post",
)
class VerificatieView(APIView):
    """Public verification, no authentication: GET ?code= looks a verklaring up by its
    verification code; POST a PDF (multipart, field `pdf`) checks its seal and the register.
    Rate limited per IP address (429)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    @extend_schema(
        operation_id="verificatie_code",
        parameters=[OpenApiParameter("code", str, required=True, description="Verification code")],
        responses={
            200: VerificatieSerializer,
            400: OpenApiResponse(description="No code given"),
            404: OpenApiResponse(description="No verklaring with this code"),
            429: OpenApiResponse(description="Too many attempts"),
        },
    )
    def get(self, request: Request) -> Response:
        if getattr(request, "limited", False):
            return _te_vaak()
        code = request.query_params.get("code", "")
        if not code.strip():
            raise serializers.ValidationError({"code": [_("Enter the verification code.")]})
        registratie = verificatie.zoek(code)
        if registratie is None:
            return Response(
                {"detail": _("No verklaring with this code is in the register.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(VerificatieSerializer(verificatie.uitkomst(registratie)).data)

    @extend_schema(
        operation_id="verificatie_pdf",
        request={"multipart/form-data": PdfUploadSerializer},
        responses={
            200: PdfVerificatieSerializer,
            400: OpenApiResponse(description="No file, empty or larger than 10 MB"),
            429: OpenApiResponse(description="Too many attempts"),
        },
    )
    def post(self, request: Request) -> Response:
        if getattr(request, "limited", False):
            return _te_vaak()
        if te_groot_verzoek(request):
            raise serializers.ValidationError({"pdf": [str(verificatie.TE_GROOT)]})
        serializer = PdfUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["pdf"]
        if upload.size > verificatie.MAX_PDF_BYTES:
            raise serializers.ValidationError({"pdf": [str(verificatie.TE_GROOT)]})
        try:
            uitslag = verificatie.controleer_pdf(upload.read())
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"pdf": exc.messages}) from exc
        return Response(PdfVerificatieSerializer(uitslag).data)
