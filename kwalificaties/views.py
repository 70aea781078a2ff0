from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, ScopedViewMixin, get_for_user_or_404
from praktijkleren.importing import ImportFailed
from praktijkleren.importmeldingen import groepeer

from . import services
from .constants import Herkomst, Niveau
from .forms import KwalificatieImportForm
from .models import Kwalificatie, KwalificatieImport, Werkproces


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
        ctx["voorbeelden"] = (
            Werkproces.objects.for_user(self.request.user)
            .filter(herkomst=Herkomst.VOORBEELD)
            .exists()
        )
        ctx["mag_importeren"] = roles.has_national(self.request.user, Cap.EVERYTHING)
        return ctx


class KwalificatieDetailView(ScopedViewMixin, DetailView):
    model = Kwalificatie
    slug_field = slug_url_kwarg = "crebo"
    template_name = "kwalificaties/kwalificatie_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["kerntaken"] = self.object.kerntaken.prefetch_related("werkprocessen").order_by("code")
        ctx["werkprocessen"] = self.object.werkprocessen.select_related("kwalificatie")
        return ctx


class _BeheerderMixin(CapabilityRequiredMixin):
    """The kwalificatiestructuur is national reference data: only the beheerder loads it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not roles.has_national(request.user, Cap.EVERYTHING):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportUploadView(_BeheerderMixin, View):
    template_name = "kwalificaties/import_upload.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": KwalificatieImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = KwalificatieImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        imp = services.upload_import(
            actor=request.user,
            crebolijst=form.cleaned_data["crebolijst"],
            werkprocessen=form.cleaned_data.get("werkprocessen"),
        )
        return redirect(imp.get_absolute_url())


class ImportDetailView(_BeheerderMixin, View):
    """The preview: what confirming would add, change and retire; or every error."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        imp = get_for_user_or_404(KwalificatieImport, request.user, "view", pk=pk)
        result: services.ImportResult | None = None
        errors: list[str] = []
        if imp.doorgevoerd_op:
            wijzigingen = imp.resultaat.get("wijzigingen", [])
        else:
            result, errors = services.bekijk_import(imp)
            wijzigingen = [list(w) for w in result.wijzigingen] if result else []
        groepen = {
            kind: [w for w in wijzigingen if w[0] == kind]
            for kind in ("nieuw", "gewijzigd", "vervallen")
        }
        return render(
            request,
            "kwalificaties/import_detail.html",
            {
                "imp": imp,
                # Translated and grouped by reason, with what to do and each file and line.
                "errors": groepeer(errors),
                "groepen": groepen,
                "result": result,
            },
        )


class ImportBevestigView(_BeheerderMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        imp = get_for_user_or_404(KwalificatieImport, request.user, "confirm", pk=pk)
        try:
            result = services.bevestig_import(actor=request.user, imp=imp)
        except ImportFailed:
            messages.error(request, _("The files have errors: nothing was stored."))
            return redirect(imp.get_absolute_url())
        except ValueError:
            messages.info(request, _("This import was confirmed before."))
            return redirect(imp.get_absolute_url())
        messages.success(
            request,
            _(
                "The kwalificatiestructuur was loaded: %(nieuw)d new, %(gewijzigd)d changed, "
                "%(vervallen)d retired."
            )
            % {
                "nieuw": sum(1 for w in result.wijzigingen if w[0] == "nieuw"),
                "gewijzigd": sum(1 for w in result.wijzigingen if w[0] == "gewijzigd"),
                "vervallen": result.werkprocessen_retired,
            },
        )
        return redirect(imp.get_absolute_url())
