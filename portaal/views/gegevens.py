"""The participant's own data: the inzage (JSON and PDF, the same export staff make) and their
consent, with withdrawal (docs/privacy.md, "Withdrawing consent")."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.privacy import inzage, inzage_brief
from praktijkleren.pdf import render_pdf

from .. import sessie, toestemming
from ..forms import IntrekkenForm
from .basis import PortaalView


class GegevensView(PortaalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "portaal/gegevens.html", self.context())


class InzageView(PortaalView):
    """Everything held about the participant: JSON (machine readable) or the PDF letter."""

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("json", "pdf"):
            raise Http404
        vandaag = timezone.localdate()
        naam = f"mijn-gegevens-{vandaag.isoformat()}.{fmt}"
        if fmt == "json":
            response = HttpResponse(
                json.dumps(inzage(self.deelnemer), ensure_ascii=False, indent=2),
                content_type="application/json",
            )
        else:
            _html, pdf = render_pdf(
                "deelnemers/inzage_pdf.html",
                {
                    "secties": inzage_brief(self.deelnemer),
                    "deelnemer": self.deelnemer,
                    "pilot": self.deelnemer.pilot,
                    "afzender": {"email": _("the Praktijkleren platform")},
                    "datum": vandaag,
                },
            )
            response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response


class ToestemmingView(PortaalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "portaal/toestemming.html", self.context(form=IntrekkenForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = IntrekkenForm(request.POST)
        if not form.is_valid():
            return render(request, "portaal/toestemming.html", self.context(form=form), status=400)
        toestemming.trek_in(deelnemer=self.deelnemer)
        sessie.uitloggen(request)
        return render(request, "portaal/toestemming_ingetrokken.html")
