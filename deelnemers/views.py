from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.views.generic import DetailView, ListView

from praktijkleren import roles
from praktijkleren.roles import Cap
from praktijkleren.tenancy import ScopedViewMixin

from .constants import DeelnemerStatus
from .models import Deelnemer, Traject


class DeelnemerAccessMixin(ScopedViewMixin):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # SBB-monitor and other roles without any participant access get 403, not an empty list.
        if request.user.is_authenticated and not (
            roles.has_cap(request.user, Cap.DEELNEMER_VIEW_ALL)
            or roles.has_cap(request.user, Cap.DEELNEMER_VIEW_GRANTED)
        ):
            from django.core.exceptions import PermissionDenied

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
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = DeelnemerStatus.choices
        ctx["q"] = self.request.GET.get("q", "")
        ctx["status"] = self.request.GET.get("status", "")
        return ctx


class DeelnemerDetailView(DeelnemerAccessMixin, DetailView):
    model = Deelnemer
    template_name = "deelnemers/deelnemer_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["trajecten"] = (
            Traject.objects.for_user(self.request.user, "view")
            .filter(deelnemer=self.object)
            .select_related("leerbedrijf", "praktijkopleider")
        )
        return ctx
