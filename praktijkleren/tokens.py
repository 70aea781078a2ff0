"""API tokens (django-rest-knox): authenticate with them, create, list and revoke them, and
revoke them all when their user's password changes.

Knox stores a SHA-512 digest of each token and its first 15 characters (`token_key`, to find
it); the token itself is shown once, when it is made. Every token expires (`REST_KNOX
["TOKEN_TTL"]`, from `API_TOKEN_TTL_DAYS`) and use does not extend it. Tokens are revoked when
the password changes in any way (set, reset, changed in the admin, made unusable), and, by
`pilots.services.beeindig_lidmaatschap`, when the user's last active membership ends.
The audit events name the user (object) and the token by its prefix, never the token.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django.contrib.auth.hashers import is_password_usable
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Now
from django.db.models.signals import post_save, pre_save
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions

from . import access, audit
from .models import User

# Why all of a user's tokens were revoked (in the audit event).
PASSWORD_CHANGED = "password_changed"
MEMBERSHIP_ENDED = "last_membership_ended"


def _live(queryset: QuerySet[AuthToken]) -> QuerySet[AuthToken]:
    return queryset.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))


@transaction.atomic
def create_token(*, actor: User, user: User) -> tuple[AuthToken, str]:
    """Make an API token for `user` that expires after the configured lifetime. Returns the
    stored row and the token itself, which is never stored and cannot be shown again. Refused
    when the user already holds `TOKEN_LIMIT_PER_USER` unexpired tokens."""
    # One request at a time per user, so two at once cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and _live(AuthToken.objects.filter(user=user)).count() >= limit:
        raise ValidationError(
            _(
                "You already have %(limit)s valid API tokens, the most allowed. Revoke one you "
                "no longer use on the API tokens page, then make a new one."
            )
            % {"limit": limit}
        )
    instance, token = AuthToken.objects.create(user=user)
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=user,
        changes={
            "token_key": instance.token_key,
            "expiry": instance.expiry.isoformat() if instance.expiry else None,
        },
    )
    return instance, token


@transaction.atomic
def revoke_token(*, actor: User, token: AuthToken) -> None:
    """Revoke (delete) one API token: it stops working at once."""
    user, key = token.user, token.token_key
    token.delete()
    audit.record(actor=actor, action="api_token.revoke", obj=user, changes={"token_key": key})


@transaction.atomic
def revoke_all_tokens(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every API token of `user` (their password changed, their last role ended).
    Returns how many there were; writes one audit event when there were any."""
    owned = AuthToken.objects.filter(user=user)
    keys = sorted(owned.values_list("token_key", flat=True))
    if not keys:
        return 0
    owned.delete()
    audit.record(
        actor=actor,
        action="api_token.revoke_all",
        obj=user,
        changes={"reason": reason, "token_keys": keys},
    )
    return len(keys)


# --- authentication --------------------------------------------------------------------------

# A knox token: hex characters (64, after an optional prefix). Anything else is refused before
# the database is asked (a NUL byte would make PostgreSQL raise, invalid UTF-8 makes knox raise).
TOKEN_SHAPE = re.compile(r"[0-9A-Za-z_-]{1,128}", re.ASCII)


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's token authentication (only a digest is stored; an expired token is refused and
    deleted). A malformed token in the header is a 401, never a server error."""

    def authenticate_credentials(self, token: bytes) -> tuple[User, Any]:
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not TOKEN_SHAPE.fullmatch(text):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return cast(tuple[User, Any], super().authenticate_credentials(token))


# --- reads -----------------------------------------------------------------------------------


def may_manage_all(user: Any) -> bool:
    """The platform beheerder (capability "everything") sees and revokes every token."""
    return access.rules().has_national(user, access.EVERYTHING)


def _listed(queryset: QuerySet[AuthToken]) -> QuerySet[AuthToken]:
    """Newest first, with `expired` (knox deletes an expired token when it is next used)."""
    expired = ExpressionWrapper(Q(expiry__lte=Now()), output_field=BooleanField())
    return queryset.annotate(expired=expired).order_by("-created", "token_key")


def own_tokens(user: User) -> QuerySet[AuthToken]:
    return _listed(AuthToken.objects.filter(user=user))


def all_tokens(user: Any) -> QuerySet[AuthToken]:
    """Every token with its owner, for the platform beheerder only."""
    if not may_manage_all(user):
        raise PermissionDenied
    return _listed(AuthToken.objects.select_related("user"))


def _one(queryset: QuerySet[AuthToken], key: str) -> AuthToken:
    # token_key is the first 15 hex characters of a random token: in practice unique.
    token = queryset.filter(token_key=key).select_related("user").first()
    if token is None:
        raise Http404
    return token


def own_token_or_404(user: User, key: str) -> AuthToken:
    """The user's own token with this prefix; another user's token is 404, as none."""
    return _one(AuthToken.objects.filter(user=user), key)


def any_token_or_404(user: Any, key: str) -> AuthToken:
    """Any user's token with this prefix, for the platform beheerder (403 for others)."""
    return _one(all_tokens(user), key)


# --- revocation on a password change ---------------------------------------------------------


def _note_password_change(
    sender: type[User], instance: User, raw: bool = False, **kwargs: Any
) -> None:
    """pre_save of User: remember whether this save changes the stored password hash.

    A re-hash of the same password at login (Django upgrading the hasher) is no change:
    `check_password` saves only `password`, with no new raw password set (`_password` None),
    as Django itself treats it (no `password_changed`)."""
    update_fields = kwargs.get("update_fields")
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    before = stored.first()
    if before is None or before == instance.password:
        return
    rehash = (
        getattr(instance, "_password", None) is None
        and update_fields is not None
        and set(update_fields) == {"password"}
        and is_password_usable(before)
        and is_password_usable(instance.password)
    )
    if not rehash:
        instance._revoke_api_tokens = True  # type: ignore[attr-defined]


def _revoke_after_password_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    """post_save of User: a changed password revokes every API token of that user."""
    if instance.__dict__.pop("_revoke_api_tokens", False):
        revoke_all_tokens(actor=None, user=instance, reason=PASSWORD_CHANGED)


def connect_signals() -> None:
    """Called from `PraktijklerenConfig.ready()`."""
    pre_save.connect(_note_password_change, sender=User, dispatch_uid="tokens-password-pre")
    post_save.connect(
        _revoke_after_password_change, sender=User, dispatch_uid="tokens-password-post"
    )
