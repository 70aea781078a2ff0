"""The beheerder's pages to reset another user's second factor: a list of accounts with
whether they use one, and the reset itself (with a fresh second factor of the beheerder)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from praktijkleren.http import acting_user
from praktijkleren.models import User
from praktijkleren.tweefactor import VerseTweedeFactorMixin, heeft_apparaat

from .tenancy import CapabilityRequiredMixin
from .tweefactor_beheer import gebruikers, herstel_tweede_factor, mag_herstellen


class BeheerderMixin(CapabilityRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not mag_herstellen(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class GebruikersView(BeheerderMixin, ListView):
    template_name = "pilots/tweefactor_gebruikers.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return gebruikers(self.request.GET.get("q", "")[:100])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "q": self.request.GET.get("q", "")[:100]}


class HerstelView(BeheerderMixin, VerseTweedeFactorMixin, View):
    template_name = "pilots/tweefactor_herstellen.html"

    def _gebruiker(self, pk: int) -> User:
        # Accounts are not pilot data: the beheerder may reach every one.
        gebruiker = User.objects.filter(pk=pk).first()
        if gebruiker is None:
            raise Http404
        return gebruiker

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        gebruiker = self._gebruiker(pk)
        context = {"gebruiker": gebruiker, "ingesteld": heeft_apparaat(gebruiker)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        gebruiker = self._gebruiker(pk)
        try:
            herstel_tweede_factor(actor=acting_user(request), gebruiker=gebruiker)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("pilots:tweefactor-herstellen", pk=pk)
        messages.success(
            request,
            _(
                "The second factor of %(naam)s has been reset. They set up a new one at their "
                "next login."
            )
            % {"naam": gebruiker},
        )
        return redirect("pilots:tweefactor-gebruikers")
