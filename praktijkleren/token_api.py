"""The token endpoint (POST /api/v1/token/): username, password and, when asked, the second
factor in; a new API token (django-rest-knox, `praktijkleren.tokens`) and its expiry out.

Kept apart from `praktijkleren.api`, which DRF's settings import (the pagination class) before
its views exist: this module imports DRF's views and drf-spectacular."""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import tokens
from .models import User


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents `praktijkleren.tokens.TokenAuthentication` as `tokenAuth`, as before knox."""

    target_class = "praktijkleren.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token": '
            "`Authorization: Token <token>`. Get a token at POST /api/v1/token/ or on the API "
            "tokens page of your account; it expires after API_TOKEN_TTL_DAYS (default 90) "
            "and is revoked when your password changes or your last role ends.",
        }


OTP_HELP = gettext_lazy(
    "The current code of your authenticator app, or an unused recovery code. Required when "
    "the platform requires two factors (TWO_FACTOR_REQUIRED, on in production) or your account "
    "has a confirmed second factor; otherwise ignored."
)


def second_factor_required(user: User) -> bool:
    """The token endpoint asks for the second factor when the platform requires two factors or
    the user has set one up."""
    return bool(settings.TWO_FACTOR_REQUIRED) or django_otp.user_has_device(user, confirmed=True)


class TokenRequestSerializer(serializers.Serializer):
    """A token request with bounded input: an overlong username, password or code is a 400
    field error before any authentication is tried. Failed attempts (password or code) count
    towards the login lockout (django-axes)."""

    username = serializers.CharField(label=_("Username"), write_only=True, max_length=254)
    password = serializers.CharField(
        label=_("Password"),
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        max_length=4096,
    )
    otp = serializers.CharField(
        label=gettext_lazy("Second-factor code"),
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=OTP_HELP,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context.get("request")
        credentials = {"username": attrs["username"]}
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        if second_factor_required(user):
            code = attrs.get("otp", "").strip()
            if not django_otp.user_has_device(user, confirmed=True):
                error = _(
                    "Your account has no second factor yet. Sign in on the website, set up two "
                    "factors, then ask for an API token again."
                )
            elif not code:
                error = _(
                    "Enter the code from your authenticator app (or a recovery code) in "
                    "the field otp."
                )
            elif django_otp.match_token(user, code) is None:
                # Counted like a wrong password, so guessing codes locks the account out.
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
                error = _(
                    "This code is not valid. Enter the current code from your authenticator "
                    "app, or a recovery code you have not used before."
                )
            else:
                error = ""
            if error:
                raise serializers.ValidationError({"otp": [error]})
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    """A new API token. Store it safely: it is shown only this once."""

    token = serializers.CharField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True, help_text="When the token stops working.")


class TokenView(APIView):
    """Make a new API token for the caller. POST `username` (the e-mail address), `password`
    and, when a second factor is required, `otp`; answers the token and its expiry."""

    authentication_classes = ()  # the credentials are in the body
    permission_classes = (AllowAny,)
    throttle_classes = ()
    parser_classes = (FormParser, MultiPartParser, JSONParser)
    renderer_classes = (JSONRenderer,)
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        description=(
            "Make a new API token: POST `username` (the e-mail address) and `password`. When "
            "the platform requires two factors (`TWO_FACTOR_REQUIRED`, on in production) or the "
            "account has a confirmed second factor, also `otp`: the current code of the "
            "authenticator app or an unused recovery code; a missing or wrong code is a 400 "
            "with an error on `otp`. Every request makes a new token (at most 10 unexpired per "
            "user, more is a 400). It is shown only in this answer; only its digest is stored. "
            "It expires at `expiry` (after API_TOKEN_TTL_DAYS, default 90 days) and is revoked "
            "when the password changes or the last role ends; see and revoke your tokens on "
            "the API tokens page. Failed attempts count towards the login lockout."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        instance, token = tokens.create_token(actor=user, user=user)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)
