from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from intake.constants import Route
from intake.services import te_laat
from pilots.models import Organisatie
from praktijkleren import roles
from praktijkleren.forms import add_service_errors
from praktijkleren.roles import Cap
from praktijkleren.tenancy import CapabilityRequiredMixin, ScopedViewMixin, check_access

from .aanmelding import aanmelden, wijzig_status
from .constants import DeelnemerStatus
from .forms import AanmeldForm, StatusForm
from .models import Deelnemer, Traject
from .services import log_inzage


class DeelnemerAccessMixin(ScopedViewMixin):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # SBB-monitor and other roles without any participant access get 403, not an empty list.
        if request.user.is_authenticated and not (
            roles.has_cap(request.user, Cap.DEELNEMER_VIEW_ALL)
            or roles.has_cap(request.user, Cap.DEELNEMER_VIEW_GRANTED)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeelnemerListView(DeelnemerAccessMixin, ListView):
    model = Deelnemer
    paginate_by = 50
    template_name = "deelnemers/deelnemer_list.html"

    def get_queryset(self) -> Any:
        qs = super().get_queryset().select_related("verwijzer_organisatie")
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(voornaam__icontains=q) | Q(achternaam__icontains=q) | Q(referentie=q))
        status = self.request.GET.get("status", "")
        if status in DeelnemerStatus.values:
            qs = qs.filter(status=status)
        if self.request.GET.get("verwijzer", "").isdigit():
            qs = qs.filter(verwijzer_organisatie_id=int(self.request.GET["verwijzer"]))
        if self.request.GET.get("advies") in Route.values:
            qs = qs.filter(adviezen__route=self.request.GET["advies"]).distinct()
        if self.request.GET.get("te_laat"):
            qs = te_laat(qs, today=timezone.localdate())
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = DeelnemerStatus.choices
        ctx["routes"] = Route.choices
        ctx["verwijzers"] = Organisatie.objects.filter(
            pk__in=self.get_queryset().values("verwijzer_organisatie")
        ).order_by("naam")
        ctx["filters"] = self.request.GET
        ctx["q"] = self.request.GET.get("q", "")
        ctx["status"] = self.request.GET.get("status", "")
        return ctx


class DeelnemerDetailView(DeelnemerAccessMixin, DetailView):
    """The dossier: status, timeline, people, consent, advice and (for the mbo) the intakes."""

    model = Deelnemer
    template_name = "deelnemers/deelnemer_detail.html"

    def get_object(self, queryset: Any = None) -> Any:
        obj = cast(Deelnemer, super().get_object(queryset))
        log_inzage(user=self.request.user, deelnemer=obj)
        return obj

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from intake.models import Advies, Intake

        ctx = super().get_context_data(**kwargs)
        user, d = self.request.user, self.object
        ctx["trajecten"] = (
            Traject.objects.for_user(user, "view")
            .filter(deelnemer=d)
            .select_related("leerbedrijf", "praktijkopleider", "jobcoach")
        )
        ctx["adviezen"] = (
            Advies.objects.for_user(user, "view").filter(deelnemer=d).select_related("gegeven_door")
        )
        ctx["intakes"] = Intake.objects.for_user(user, "view").filter(deelnemer=d)
        ctx["events"] = d.events.select_related("actor")[:50]
        ctx["toestemming"] = d.toestemmingen.select_related("vastgelegd_door").first()
        ctx["can_see_intake"] = roles.has_cap(user, Cap.INTAKE_VIEW, d.pilot_id)
        ctx["can_record_intake"] = roles.has_cap(user, Cap.INTAKE_RECORD, d.pilot_id)
        ctx["can_change"] = roles.has_cap(user, Cap.DEELNEMER_CHANGE, d.pilot_id)
        ctx["can_see_log"] = roles.has_cap(user, Cap.PRIVACY_LOG, d.pilot_id)
        ctx["status_form"] = StatusForm(initial={"status": d.status})
        return ctx


class AanmeldView(CapabilityRequiredMixin, FormView):
    """Refer a candidate to the current pilot: short, and usable on a phone."""

    template_name = "deelnemers/aanmelden.html"
    form_class = AanmeldForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pilot = getattr(request, "pilot", None)
        if request.user.is_authenticated and (
            pilot is None or not roles.has_cap(request.user, Cap.DEELNEMER_REFER, pilot.pk)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: AanmeldForm) -> HttpResponse:
        try:
            pilot = self.request.pilot  # type: ignore[attr-defined]
            deelnemer = aanmelden(actor=self.request.user, pilot=pilot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "%(naam)s has been referred. The mbo will plan an intake; "
                "you can follow the status here."
            )
            % {"naam": deelnemer},
        )
        return redirect(deelnemer)


class StatusView(CapabilityRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        deelnemer = check_access(request.user, get_object_or_404(Deelnemer, pk=pk), "change")
        form = StatusForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            wijzig_status(actor=request.user, deelnemer=deelnemer, **form.cleaned_data)
            messages.success(request, _("The status has been changed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(deelnemer)


class InzageLogView(CapabilityRequiredMixin, ListView):
    """Who viewed this dossier, and when: for the projectleider."""

    template_name = "deelnemers/inzage_log.html"
    paginate_by = 100

    def get_queryset(self) -> Any:
        self.deelnemer = check_access(
            self.request.user, get_object_or_404(Deelnemer, pk=self.kwargs["pk"]), "view"
        )
        if not roles.has_cap(self.request.user, Cap.PRIVACY_LOG, self.deelnemer.pilot_id):
            raise PermissionDenied
        return self.deelnemer.inzages.select_related("user")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "deelnemer": self.deelnemer}
