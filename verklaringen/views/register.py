"""The register of issued verklaringen (current pilot) and revoking one (examencommissie)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, get_for_user_or_404
from praktijkleren.http import acting_user
from praktijkleren.tweefactor import VerseTweedeFactorMixin

from .. import register
from ..constants import RegistratieStatus
from ..models import Registratie


class RegisterListView(CapabilityRequiredMixin, ListView):
    """Every verklaring issued in the current pilot, with a status filter. Holder names are
    personal data: only roles that see all participants of the pilot (not SBB) get this page."""

    required_cap = Cap.DEELNEMER_VIEW_ALL
    template_name = "verklaringen/register_list.html"
    paginate_by = 50

    def _scoped(self) -> Any:
        qs = Registratie.objects.for_user(self.request.user, "view")
        pilot = getattr(self.request, "pilot", None)
        return qs.filter(pilot=pilot) if pilot is not None else qs.none()

    def get_queryset(self) -> Any:
        qs = self._scoped().select_related("vervangen_door")
        status = self.request.GET.get("status", "")
        if status in RegistratieStatus.values:
            qs = qs.filter(status=status)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        per_status = dict(
            self._scoped()
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        ctx["statuses"] = [
            (v, label, per_status.get(v, 0)) for v, label in RegistratieStatus.choices
        ]
        ctx["totaal"] = sum(per_status.values())
        ctx["status"] = self.request.GET.get("status", "")
        rows = ctx["object_list"]
        # One query for the whole page: which rows may this user revoke?
        ctx["intrekbaar"] = set(
            Registratie.objects.for_user(self.request.user, "issue")
            .filter(pk__in=[r.pk for r in rows])
            .exclude(status=RegistratieStatus.INGETROKKEN)
            .values_list("pk", flat=True)
        )
        return ctx


class IntrekkenForm(forms.Form):
    reden = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        max_length=register.MAX_REDEN,
        help_text=gettext_lazy(
            "Kept internally for the examencommissie; the public check only shows that the "
            "verklaring was revoked, and when."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntrekkenView(CapabilityRequiredMixin, VerseTweedeFactorMixin, View):
    """Revoke a register entry (examencommissie of the issuing institution)."""

    template_name = "verklaringen/register_intrekken.html"

    def _registratie(self, pk: int) -> Registratie:
        registraties = Registratie.objects.select_related("vervangen_door")
        return get_for_user_or_404(registraties, self.request.user, "issue", pk=pk)

    def _page(self, request: HttpRequest, reg: Registratie, form: Any, status: int = 200) -> Any:
        return render(request, self.template_name, {"object": reg, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, self._registratie(pk), IntrekkenForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reg = self._registratie(pk)
        form = IntrekkenForm(request.POST)
        if not form.is_valid():
            return self._page(request, reg, form, status=400)
        try:
            register.trek_in(
                actor=acting_user(request), registratie=reg, reden=form.cleaned_data["reden"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for veld, fouten in exc.error_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
            else:
                form.add_error(None, exc)
            return self._page(request, reg, form, status=400)
        messages.success(
            request, _("Verklaring %(nummer)s has been revoked.") % {"nummer": reg.nummer}
        )
        return redirect("verklaringen:register")
