"""Tenancy-matrix cases for the API tokens pages (merged into tests/test_tenancy_matrix.py):
every user lists and makes their own tokens and revokes only their own (another user's token is
404, as none); only the platform beheerder sees every token and revokes any (403 for others)."""

from __future__ import annotations

from typing import Any

from knox.models import AuthToken

from .conftest import World
from .matrix_support import BH, PL, Case, Variant, merge, one, statuses

# Every signed-in user has the page (their own tokens); making one shows it (200).
OWN_PAGE = statuses(200)
# Revoking a token on one's own page: only its owner (alpha's projectleider); for anyone else
# it does not exist.
REVOKE_OWN = statuses(404, **{PL: 302, "staff": 404})
NOBODY_ELSE = statuses(404)
# The overview of every token and revoking any of them: the platform beheerder only.
ALL_PAGE = statuses(403, **{BH: 200})
REVOKE_ANY = statuses(403, **{BH: 302})
REVOKE_ANY_UNKNOWN = statuses(403, **{BH: 404})


def _key(pilot: str) -> Any:
    return lambda w: {"key": w.extra[f"token_key_{pilot}"]}


CASES: dict[str, Case] = {
    "api-tokens": merge(one(OWN_PAGE), one(OWN_PAGE, method="post")),
    "api-token-revoke": Case(
        [
            Variant("own", _key("alpha"), REVOKE_OWN, "post"),
            Variant("other", _key("beta"), NOBODY_ELSE, "post"),
            Variant("unknown", lambda w: {"key": "0" * 15}, NOBODY_ELSE, "post"),
        ]
    ),
    "api-tokens-all": one(ALL_PAGE),
    "api-token-revoke-any": Case(
        [
            Variant("own", _key("alpha"), REVOKE_ANY, "post"),
            Variant("other", _key("beta"), REVOKE_ANY, "post"),
            Variant("unknown", lambda w: {"key": "0" * 15}, REVOKE_ANY_UNKNOWN, "post"),
        ]
    ),
}


def setup(world: World) -> None:
    """A token of each pilot's projectleider."""
    for pilot in ("alpha", "beta"):
        instance, _token = AuthToken.objects.create(user=world.user(PL, pilot))
        world.extra[f"token_key_{pilot}"] = instance.token_key
