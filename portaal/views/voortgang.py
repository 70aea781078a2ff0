"""Progress per werkproces (read only) and the participant's own STARR reflections."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijkleren.forms import add_service_errors
from trajecten.constants import TrajectStatus
from trajecten.voortgang import STARR_KEYS, voeg_reflectie_toe_als_deelnemer

from .. import laden
from ..forms import ReflectieForm
from .basis import PortaalView, naar

BEEINDIGD = (TrajectStatus.AFGEROND, TrajectStatus.GESTOPT)


class VoortgangView(PortaalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        rijen = list(laden.werkprocessen(self.deelnemer))
        return render(
            request,
            "portaal/voortgang.html",
            self.context(rijen=rijen, beeindigd=BEEINDIGD),
        )


class ReflectieView(PortaalView):
    def _pagina(
        self, request: HttpRequest, tw: object, form: ReflectieForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request, "portaal/reflectie.html", self.context(tw=tw, form=form), status=status
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tw = laden.werkproces(self.deelnemer, pk)
        return self._pagina(request, tw, ReflectieForm(initial={"datum": timezone.localdate()}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tw = laden.werkproces(self.deelnemer, pk)
        form = ReflectieForm(request.POST)
        if not form.is_valid():
            return self._pagina(request, tw, form, status=400)
        try:
            voeg_reflectie_toe_als_deelnemer(
                deelnemer_id=self.deelnemer.pk,
                traject_werkproces=tw,
                datum=form.cleaned_data["datum"],
                starr={k: form.cleaned_data[k] for k in STARR_KEYS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._pagina(request, tw, form, status=400)
        messages.success(request, _("Your reflection has been saved."))
        return naar("portaal-voortgang")
