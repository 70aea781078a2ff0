"""The API tokens pages: every user lists, makes and revokes their own tokens; the platform
beheerder sees every token and revokes any. Thin shells around `praktijkleren.tokens`.

A new token is shown once, in the answer to the POST that made it (never stored, never put in
the session or a message), with `Cache-Control: no-store`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View
from knox.models import AuthToken

from . import tokens
from .http import acting_user
from .tweefactor import is_geverifieerd, van_toepassing


def second_factor_passed(request: HttpRequest) -> bool:
    """A token is made only in a session that passed the second factor, wherever it applies
    (required for all, or set up by the user): the same rule as the middleware's."""
    return not van_toepassing(request.user) or is_geverifieerd(request.user)


@method_decorator(never_cache, name="dispatch")
class TokenListView(LoginRequiredMixin, ListView):
    """GET: the user's own tokens (prefix, made, expires). POST: make one and show it once."""

    template_name = "account/tokens.html"
    context_object_name = "tokens"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AuthToken]:
        return tokens.own_tokens(acting_user(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_manage_all"] = tokens.may_manage_all(self.request.user)
        context["ttl_days"] = settings.API_TOKEN_TTL_DAYS
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        user = acting_user(request)
        if not second_factor_passed(request):
            messages.error(
                request, _("Confirm your second factor first, then make the API token again.")
            )
            return redirect("api-tokens")
        try:
            instance, token = tokens.create_token(actor=user, user=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("api-tokens")
        self.object_list = self.get_queryset()
        return self.render_to_response(
            self.get_context_data(new_token=token, new_instance=instance)
        )


class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of the user's own tokens; another user's token is 404."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        user = acting_user(request)
        token = tokens.own_token_or_404(user, key)
        tokens.revoke_token(actor=user, token=token)
        messages.success(request, _("The API token %(key)s has been revoked.") % {"key": key})
        return redirect("api-tokens")


class AllTokensView(LoginRequiredMixin, ListView):
    """Every token with its owner, for the platform beheerder (403 for anyone else)."""

    template_name = "account/tokens_all.html"
    context_object_name = "tokens"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AuthToken]:
        return tokens.all_tokens(self.request.user)


class AnyTokenRevokeView(LoginRequiredMixin, View):
    """The platform beheerder revokes any user's token."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        user = acting_user(request)
        token = tokens.any_token_or_404(user, key)
        tokens.revoke_token(actor=user, token=token)
        messages.success(
            request,
            _("The API token %(key)s of %(email)s has been revoked.")
            % {"key": key, "email": token.user.email},
        )
        return redirect("api-tokens-all")


# Included under account/api-tokens/ by praktijkleren/urls.py.
urlpatterns = [
    path("", TokenListView.as_view(), name="api-tokens"),
    path("<slug:key>/intrekken/", TokenRevokeView.as_view(), name="api-token-revoke"),
    path("alle/", AllTokensView.as_view(), name="api-tokens-all"),
    path("alle/<slug:key>/intrekken/", AnyTokenRevokeView.as_view(), name="api-token-revoke-any"),
]
