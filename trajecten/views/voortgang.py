"""Pages of the begeleidingsinstrument: a werkproces with its entries (and the forms to add one
and to change the status), the mbo's quality reviews, and "my participants" for the
praktijkopleider and jobcoach. Made for a phone: one column, stacked forms, big buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, check_access, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user
from trajecten.constants import WerkprocesStatus
from trajecten.forms.voortgang import EntryForm, KwaliteitsMomentForm, StatusForm
from trajecten.models import Traject, TrajectWerkproces
from trajecten.selectors import voortgang as voortgang_selectors
from trajecten.voortgang import registreer_kwaliteitsmoment, voeg_entry_toe, zet_werkproces_status

WERKPROCES_TEMPLATE = "trajecten/voortgang_werkproces.html"


def _werkproces(pk: int, user: Any, action: str) -> TrajectWerkproces:
    """The agreed werkproces, if the user may act on its traject (404/403 by the rule)."""
    werkprocessen = TrajectWerkproces.objects.select_related(
        "traject__deelnemer__pilot",
        "werkproces__kwalificatie",
        "werkproces__kerntaak",
        "beoordeeld_door",
    )
    return get_for_user_or_404(werkprocessen, user, action, pk=pk)


def werkproces_url(tw: TrajectWerkproces) -> str:
    return reverse("trajecten:voortgang-werkproces", args=[tw.pk])


class WerkprocesMixin(CapabilityRequiredMixin):
    """Loads the agreed werkproces and checks the traject per the tenancy rule (404/403)."""

    access_action = "view"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.tw = _werkproces(kwargs["pk"], request.user, self.access_action)
        return super().dispatch(request, *args, **kwargs)

    def render_page(
        self, entry_form: EntryForm | None = None, status_form: StatusForm | None = None
    ) -> HttpResponse:
        ctx = voortgang_selectors.werkproces_context(self.tw, self.request.user)
        ctx["entry_form"] = entry_form or EntryForm()
        ctx["status_form"] = status_form or StatusForm(
            kan_beoordelen=ctx["kan_beoordelen"],
            initial={
                "status": self.tw.status,
                "samenvattend_oordeel": self.tw.samenvattend_oordeel,
            },
        )
        return render(self.request, WERKPROCES_TEMPLATE, ctx)


class WerkprocesView(WerkprocesMixin, View):
    """One agreed werkproces: status, samenvattend oordeel, entries, history and the forms."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page()


class EntryCreateView(WerkprocesMixin, View):
    """POST a dated entry (work assignment, STARR reflection or observation)."""

    http_method_names = ["post"]
    access_action = "voortgang"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                voeg_entry_toe(
                    actor=acting_user(request), traject_werkproces=self.tw, **form.service_kwargs()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The entry has been saved."))
                return redirect(werkproces_url(self.tw))
        return self.render_page(entry_form=form)


class StatusView(WerkprocesMixin, View):
    """POST a new status; "beheerst" only by the traject's own praktijkopleider (else 403)."""

    http_method_names = ["post"]
    access_action = "voortgang"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.POST.get("status") == WerkprocesStatus.BEHEERST:
            check_access(request.user, self.tw.traject, "beoordelen")
        kan_beoordelen = (
            Traject.objects.filter(pk=self.tw.traject_id)
            .for_user(request.user, "beoordelen")
            .exists()
        )
        form = StatusForm(request.POST, kan_beoordelen=kan_beoordelen)
        if form.is_valid():
            try:
                zet_werkproces_status(
                    actor=acting_user(request),
                    traject_werkproces=self.tw,
                    status=form.cleaned_data["status"],
                    samenvattend_oordeel=form.cleaned_data.get("samenvattend_oordeel", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The status has been saved."))
                return redirect(werkproces_url(self.tw))
        return self.render_page(status_form=form)


class KwaliteitsMomentView(CapabilityRequiredMixin, FormView):
    """The mbo records a quality review (start, mid, end) with its outcome."""

    template_name = "trajecten/voortgang_kwaliteitsmoment.html"
    form_class = KwaliteitsMomentForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.traject = get_for_user_or_404(
                Traject.objects.select_related("deelnemer"), request.user, "change", pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "traject": self.traject}

    def form_valid(self, form: KwaliteitsMomentForm) -> HttpResponse:
        try:
            registreer_kwaliteitsmoment(
                actor=acting_user(self.request), traject=self.traject, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The quality review has been recorded."))
        return redirect(self.traject.get_absolute_url() + "#voortgang")


class MijnDeelnemersView(CapabilityRequiredMixin, TemplateView):
    """The praktijkopleider's and jobcoach's own running trajecten with their progress."""

    template_name = "trajecten/voortgang_mijn_deelnemers.html"
    required_cap = Cap.DEELNEMER_VIEW_GRANTED

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        trajecten = voortgang_selectors.mijn_trajecten(self.request.user)
        pilots = {t.deelnemer.pilot_id for t in trajecten}
        ctx = {"trajecten": trajecten, "show_pilot": len(pilots) > 1}
        return {**super().get_context_data(**kwargs), **ctx}
