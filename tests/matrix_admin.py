"""Tenancy-matrix cases for the admin (merged into tests/test_tenancy_matrix.py): staff only; the
staff projectleider sees and changes only what `for_user` allows; nobody deletes (issue 13)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pilots.models import Membership
from praktijkleren.models import AuditEvent

from .conftest import World
from .matrix_support import (
    BH,
    MBO,
    PL_STAFF,
    WRITE_METHODS,
    Case,
    Kwargs,
    Variant,
    merge,
    one,
    own_other,
    statuses,
)

ADMIN_STAFF_ONLY = statuses(302, **{BH: 200, PL_STAFF: 200})
ADMIN_MODELS: dict[
    str, tuple[Callable[[World], Any], Callable[[World], Any] | None, dict[str, int]]
] = {
    # model: (own object, other pilot's object or None for shared data, staff-projectleider's
    # statuses for changelist/change/history/delete/add of the own object)
    "praktijkleren_user": (lambda w: w.alpha.users[MBO], lambda w: w.beta.users[MBO], {"all": 403}),
    "praktijkleren_auditevent": (
        lambda w: AuditEvent.objects.filter(pilot_id=w.alpha.pilot.pk).first(),
        lambda w: AuditEvent.objects.filter(pilot_id=w.beta.pilot.pk).first(),
        {"all": 403},
    ),
    "pilots_pilot": (lambda w: w.alpha.pilot, lambda w: w.beta.pilot, {}),
    "pilots_organisatie": (lambda w: w.alpha.verwijzer_org, None, {}),
    "pilots_membership": (
        lambda w: Membership.objects.get(user=w.alpha.users[MBO]),
        lambda w: Membership.objects.get(user=w.beta.users[MBO]),
        {},
    ),
    "kwalificaties_kwalificatie": (lambda w: w.extra["kwalificatie"], None, {}),
    "kwalificaties_werkproces": (lambda w: w.extra["werkproces"], None, {}),
    "kwalificaties_kwalificatiedossier": (lambda w: w.extra["dossier"], None, {}),
    "deelnemers_deelnemer": (lambda w: w.alpha.deelnemer, lambda w: w.beta.deelnemer, {}),
    "trajecten_traject": (lambda w: w.alpha.traject, lambda w: w.beta.traject, {}),
}
# POSTed to the delete page: the confirmation ("yes, I'm sure").
CONFIRM = {"post": "yes"}
# The admin destroys nothing (issue 13). Personal data, a pilot's documents, memberships,
# reference data and the audit trail are view-only: their change page only shows them, a POST
# (change or add) is refused (403), and there is no add page (403).
READ_ONLY = {
    "praktijkleren_auditevent",
    "pilots_membership",
    "kwalificaties_kwalificatie",
    "kwalificaties_werkproces",
    "kwalificaties_kwalificatiedossier",
    "deelnemers_deelnemer",
    "trajecten_traject",
}
# Shared reference data: the staff projectleider may look at it, not change it (403).
STAFF_VIEW_ONLY = {
    "kwalificaties_kwalificatie",
    "kwalificaties_werkproces",
    "kwalificaties_kwalificatiedossier",
}


def _site_cases() -> dict[str, Case]:
    return {
        "admin:index": one(ADMIN_STAFF_ONLY),
        # Wrong credentials: the form again (a signed-in staff user's GET goes to the index).
        "admin:login": merge(
            one(statuses(200, anon=200, **{BH: 302, PL_STAFF: 302})),
            one(
                statuses(200, anon=200),
                method="post",
                data=lambda w: {"username": "niemand@x.test", "password": "x"},
            ),
            one(statuses(200, anon=200), method="put"),
        ),
        "admin:logout": one(statuses(302, anon=302), method="post"),
        # Posted empty (or PUT): the form again with its errors, for staff only.
        "admin:password_change": merge(
            one(ADMIN_STAFF_ONLY),
            one(ADMIN_STAFF_ONLY, method="post"),
            one(ADMIN_STAFF_ONLY, method="put"),
        ),
        "admin:password_change_done": one(ADMIN_STAFF_ONLY),
        "admin:jsi18n": one(ADMIN_STAFF_ONLY),
        "admin:autocomplete": one(statuses(302, **{BH: 403, PL_STAFF: 403})),
        "admin:app_list": one(ADMIN_STAFF_ONLY, lambda w: {"app_label": "pilots"}),
        "admin:view_on_site": one(
            statuses(302, **{BH: 302, PL_STAFF: 302}),
            lambda w: {"content_type_id": w.extra["pilot_ct"], "object_id": w.alpha.pilot.pk},
        ),
        # Another user's password: the beheerder only (posted empty: the form again).
        "admin:auth_user_password_change": merge(
            own_other(
                statuses(302, **{BH: 200, PL_STAFF: 403}),
                statuses(302, **{BH: 200, PL_STAFF: 403}),
                lambda w, p: {"id": getattr(w, p).users[MBO].pk},
            ),
            own_other(
                statuses(302, **{BH: 200, PL_STAFF: 403}),
                statuses(302, **{BH: 200, PL_STAFF: 403}),
                lambda w, p: {"id": getattr(w, p).users[MBO].pk},
                method="post",
            ),
        ),
        "admin/(?P<url>.*)$": one(
            statuses(302, **{BH: 404, PL_STAFF: 404}), lambda w: {"url": "bestaat-niet/"}
        ),
    }


def _obj(getter: Callable[[World], Any]) -> Kwargs:
    return lambda w: {"object_id": getter(w).pk}


def _selected(getter: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    """The changelist's delete action on one object, confirmed."""
    return lambda w: {"action": "delete_selected", "_selected_action": [getter(w).pk], **CONFIRM}


def _model_cases(
    model: str,
    own: Callable[[World], Any],
    other: Callable[[World], Any] | None,
    staff: dict[str, int],
) -> dict[str, Case]:
    denied = staff.get("all")
    readonly = model in READ_ONLY
    add = 403 if readonly else 200
    change_post = 403 if readonly else 200
    staff_change_post = 403 if readonly or model in STAFF_VIEW_ONLY else 200

    def st(bh: int, staff_pl: int) -> dict[str, int]:
        return statuses(302, **{BH: bh, PL_STAFF: denied or staff_pl})

    def own_and_other(
        action: str, bh: int, staff_own: int, staff_other: int, **kw: Any
    ) -> list[Variant]:
        variants = [Variant(f"own{action}", _obj(own), st(bh, staff_own), **kw)]
        if other is not None:
            variants.append(Variant(f"other{action}", _obj(other), st(bh, staff_other), **kw))
        return variants

    cases: dict[str, Case] = {
        "changelist": one(st(200, 200)),
        # Posted empty: the form again with its errors; the staff projectleider adds nothing.
        "add": merge(one(st(add, 403)), one(st(add, 403), method="post")),
        "change": Case(
            own_and_other("", 200, 200, 302)
            # Posted empty: the form again with its errors (nothing is saved).
            + own_and_other(", post", change_post, staff_change_post, 302, method="post")
        ),
        "history": Case(own_and_other("", 200, 200, 302)),
        # Nobody deletes through the admin, not even the beheerder (403, page and confirmation).
        "delete": Case(
            own_and_other("", 403, 403, 403)
            + own_and_other(", post", 403, 403, 403, method="post", data=lambda w: CONFIRM)
        ),
    }
    # The list has no delete action: the POSTed action only shows the list again (200), and
    # nothing is deleted.
    action_post = [Variant("own", lambda w: {}, st(200, 200), "post", _selected(own))]
    if other is not None:
        action_post.append(Variant("other", lambda w: {}, st(200, 200), "post", _selected(other)))
    cases["changelist"].variants += action_post
    result = {f"admin:{model}_{view}": case for view, case in cases.items()}
    # The bare object URL only redirects to the change URL (which is checked above), whatever
    # the method.
    app, name = model.split("_", 1)
    result[f"admin/{app}/{name}/<path:object_id>/"] = merge(
        one(statuses(302), _obj(own)),
        *(one(statuses(302), _obj(own), method=m) for m in WRITE_METHODS),
    )
    return result


CASES: dict[str, Case] = _site_cases()
for _model, (_own, _other, _staff) in ADMIN_MODELS.items():
    CASES.update(_model_cases(_model, _own, _other, _staff))


def setup(world: World) -> None:
    """The admin needs nothing beyond the matrix world."""
