"""API: the monitor export (counts only). SBB-monitor and beheerder get the national export or
one pilot's; a projectleider only their own pilot's (`pilot` required)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pilots.models import Pilot
from pilots.roles import Cap, has_cap, has_national
from pilots.tenancy import get_for_user_or_404

from .export import als_csv_zip, als_tabellen, monitor_export

# The projectleider's capability that no other pilot role holds: managing the pilot.
EIGEN_PILOT_CAP = Cap.PILOT_CHANGE


class CsvZipRenderer(BaseRenderer):
    """`?format=csv`: a ZIP with one CSV file per table (errors stay JSON)."""

    media_type = "application/zip"
    format = "csv"
    charset = None

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):  # type: ignore[no-untyped-def,override]
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()


class MonitorExportView(APIView):
    renderer_classes = [JSONRenderer, CsvZipRenderer]

    @extend_schema(
        operation_id="monitor_export",
        parameters=[
            OpenApiParameter(
                "peildatum", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD"
            ),
            OpenApiParameter("pilot", str, description="Pilot code (required for a projectleider)"),
            OpenApiParameter(
                "aanvullend",
                bool,
                description="true: the additional tables (docs/monitoring.md) follow the "
                "contract's; default false: exactly the contract's tables",
            ),
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="json (default) or csv: a ZIP with one CSV file per table",
            ),
        ],
        responses={
            200: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="The export as in IMPORT_EXPORT.md (counts only)",
            ),
            400: OpenApiResponse(description="Bad or missing peildatum or pilot"),
            403: OpenApiResponse(description="Not allowed to see these figures"),
            404: OpenApiResponse(description="No such pilot (or not yours)"),
        },
    )
    def get(self, request: Request) -> Response:
        user = request.user
        code = request.query_params.get("pilot", "").strip()
        pilot: Pilot | None = None
        if has_national(user, Cap.COUNTS_NATIONAL):
            if code:
                pilot = get_for_user_or_404(Pilot, user, "view", code=code)
        else:
            if not code:
                if not has_cap(user, EIGEN_PILOT_CAP):
                    raise PermissionDenied
                raise serializers.ValidationError(
                    {"pilot": [_("Choose your pilot: the export covers one pilot.")]}
                )
            # Another pilot answers 404, the own pilot with too little role 403.
            pilot = Pilot.objects.for_user(user).filter(code=code).first()
            if pilot is None:
                raise Http404
            if not has_cap(user, EIGEN_PILOT_CAP, pilot.pk):
                raise PermissionDenied
        peildatum = _peildatum(request.query_params.get("peildatum", ""))
        aanvullend = request.query_params.get("aanvullend", "").lower() in ("1", "true")
        data = monitor_export(peildatum=peildatum, pilot=pilot, aanvullend=aanvullend)
        if request.accepted_renderer.format == "csv":
            naam = f"monitor-{pilot.code if pilot else 'landelijk'}-{peildatum}.zip"
            return Response(
                als_csv_zip(als_tabellen(data)),
                headers={"Content-Disposition": f'attachment; filename="{naam}"'},
            )
        return Response(data)


def _peildatum(value: str) -> date:
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise serializers.ValidationError({"peildatum": [_("Enter a date as YYYY-MM-DD.")]})
