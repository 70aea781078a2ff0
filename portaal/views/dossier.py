"""The dossier page, the participant's agreements (reading, downloading, signing) and their
verklaringen as the sealed PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ondertekening.adapters import adapter_for
from ondertekening.forms import TekenForm
from ondertekening.kern import stuk
from praktijkleren.forms import add_service_errors

from .. import laden, ondertekenen, selectors
from .basis import PortaalView, klant, naar


class DossierView(PortaalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "portaal/dossier.html", self.context(**selectors.overzicht(self.deelnemer))
        )


class DocumentView(PortaalView):
    """One of the participant's agreements as PDF: the signed version with its audit page once
    everyone signed, otherwise the version sent for signing."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        o = laden.ondertekening(self.deelnemer, pk)
        s = stuk(o)
        definitief = adapter_for(o.document).definitief_bestand(o.document) if o.document else None
        bestand = definitief or s.pdf
        if not bestand:
            raise Http404
        naam = f"{s.kort.lower()}-{s.nummer}{'-ondertekend' if definitief else ''}.pdf"
        return FileResponse(bestand.open("rb"), content_type="application/pdf", filename=naam)


class OndertekenenView(PortaalView):
    """Sign the open agreements in the portal (portaal/ondertekenen.py says why that is the
    same proof as the signing link)."""

    def _pagina(self, request: HttpRequest, form: TekenForm, status: int = 200) -> HttpResponse:
        hier, elders = ondertekenen.te_tekenen(self.deelnemer)
        stukken = [
            {"o": o, "stuk": stuk(o), "uitleg": selectors.uitleg_document(stuk(o).kort)}
            for o in hier
        ]
        context = self.context(
            stukken=sorted(stukken, key=lambda s: (s["stuk"].volgorde, s["o"].pk)),
            elders=[{"o": o, "stuk": stuk(o)} for o in elders],
            blokkades=[b for o in hier if (b := _blokkade(o))],
            form=form,
        )
        return render(request, "portaal/ondertekenen.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._pagina(request, TekenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TekenForm(request.POST)
        if not form.is_valid():
            return self._pagina(request, form, status=400)
        ip, ua = klant(request)
        try:
            getekend = ondertekenen.teken(
                deelnemer=self.deelnemer,
                naam=form.cleaned_data["naam"],
                akkoord=form.cleaned_data["akkoord"],
                ip=ip,
                ua=ua,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._pagina(request, form, status=400)
        messages.success(
            request,
            _("Thank you. You have signed: %(stukken)s.")
            % {"stukken": ", ".join(stuk(o).titel for o in getekend)},
        )
        return naar("portaal-dossier")


def _blokkade(o: object) -> str | None:
    from ondertekening.kern import blokkades

    redenen = blokkades([o])  # type: ignore[list-item]
    return redenen[0] if redenen else None


class VerklaringPdfView(PortaalView):
    """The sealed mbo-verklaring: exactly the file the register knows."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        mv = laden.verklaring(self.deelnemer, pk)
        if not mv.pdf or mv.registratie is None:
            raise Http404
        return FileResponse(
            mv.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{mv.registratie.nummer}.pdf",
        )
