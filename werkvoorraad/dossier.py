"""The dossier: the list of participants and one participant's page, composed from deelnemers,
intake (advice, intakes) and trajecten. It lives in the top layer because it shows every app's
part of a participant; the URL names stay in the "deelnemers" namespace (praktijkleren/urls.py)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.views.generic import DetailView, ListView

from deelnemers.constants import DeelnemerStatus
from deelnemers.forms import StatusForm
from deelnemers.models import Deelnemer
from deelnemers.services import leg_inzage_vast
from intake.constants import Route
from intake.models import Advies, Intake
from intake.services import te_laat
from pilots import roles
from pilots.models import Organisatie
from pilots.roles import Cap
from pilots.tenancy import ScopedViewMixin
from trajecten.models import Traject


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
        leg_inzage_vast(user=self.request.user, deelnemer=obj)
        return obj

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
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
