from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from pilots.tenancy import ScopedViewMixin

from .constants import Niveau
from .models import Kwalificatie


class KwalificatieListView(ScopedViewMixin, ListView):
    model = Kwalificatie
    paginate_by = 50
    template_name = "kwalificaties/kwalificatie_list.html"

    def get_queryset(self) -> Any:
        qs = (
            super()
            .get_queryset()
            .annotate(n_werkprocessen=Count("werkprocessen"))
            .order_by("crebo")
        )
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(crebo=q) | Q(naam__icontains=q) | Q(domein__icontains=q))
        niveau = self.request.GET.get("niveau", "")
        if niveau in Niveau.values:
            qs = qs.filter(niveau=niveau)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["niveaus"] = Niveau.choices
        ctx["q"] = self.request.GET.get("q", "")
        ctx["niveau"] = self.request.GET.get("niveau", "")
        return ctx


class KwalificatieDetailView(ScopedViewMixin, DetailView):
    model = Kwalificatie
    slug_field = slug_url_kwarg = "crebo"
    template_name = "kwalificaties/kwalificatie_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["kerntaken"] = self.object.kerntaken.prefetch_related("werkprocessen").order_by("code")
        return ctx
