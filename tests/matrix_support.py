"""Building blocks of the tenancy matrix (tests/test_tenancy_matrix.py), shared with the
per-area case modules (tests/matrix_*.py). Each area module defines `CASES` (URL name -> Case)
and `setup(world)`, which adds the objects its URLs need to the matrix world."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from pilots.roles import Role

from .conftest import PILOT_ROLES, World

ANON = "anonymous"
# A participant logged in to the portal (portaal/sessie.py): alpha's participant. They have no
# account, so every staff page treats them as anonymous: their cell defaults to ANON's.
DN = "deelnemer"
PL_STAFF = "projectleider_staff"  # alpha's projectleider with admin access (is_staff)
SBB, BH = Role.SBB_MONITOR.value, Role.BEHEERDER.value
PL, MBO, EXA = Role.PROJECTLEIDER.value, Role.MBO_MEDEWERKER.value, Role.EXAMENCOMMISSIE.value
VW, PO, JC = Role.VERWIJZER.value, Role.PRAKTIJKOPLEIDER.value, Role.JOBCOACH.value
WSP = Role.WSP.value
PILOT = [r.value for r in PILOT_ROLES]
ACTORS = [ANON, DN, *PILOT, SBB, BH, PL_STAFF]
# The actors that are users (they log in to the staff side).
USERS = [a for a in ACTORS if a not in (ANON, DN)]
ALPHA_PERSONAL_MARKERS = ["Adaalpha", "Annaalpha"]
# Intake notes and the reasoning of an advice are for the mbo and the projectleider only.
INTAKE_MARKERS = ["Intakegeheimalpha", "Onderbouwinggeheimalpha"]

Kwargs = Callable[[World], dict[str, Any]]


def statuses(default: int, anon: int = 302, **per_actor: int) -> dict[str, int]:
    result = {actor: default for actor in ACTORS}
    result[ANON] = anon
    result[DN] = anon
    result[PL_STAFF] = per_actor.pop("staff", per_actor.get(PL, default))
    result.update(per_actor)
    return result


@dataclass
class Variant:
    label: str
    kwargs: Kwargs
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None


@dataclass
class Case:
    variants: list[Variant] = field(default_factory=list)


def one(expected: dict[str, int], kwargs: Kwargs = lambda w: {}, **kw: Any) -> Case:
    return Case([Variant("-", kwargs, expected, **kw)])


def own_other(
    own: dict[str, int], other: dict[str, int], kwargs: Callable[[World, str], dict], **kw: Any
) -> Case:
    return Case(
        [
            Variant("own", lambda w: kwargs(w, "alpha"), own, **kw),
            Variant("other", lambda w: kwargs(w, "beta"), other, **kw),
        ]
    )


def own_other_write(
    own: dict[str, int],
    other: dict[str, int],
    kwargs: Callable[[World, str], dict],
    method: str = "post",
    data: Callable[[World, str], dict[str, Any]] | None = None,
) -> Case:
    """A write to the own and the other pilot's object; `data(world, pilot)` may differ per
    pilot (e.g. choices that must be partners of that pilot)."""
    return Case(
        [
            Variant(
                "own",
                lambda w: kwargs(w, "alpha"),
                own,
                method,
                None if data is None else lambda w: data(w, "alpha"),
            ),
            Variant(
                "other",
                lambda w: kwargs(w, "beta"),
                other,
                method,
                None if data is None else lambda w: data(w, "beta"),
            ),
        ]
    )


def merge(*cases: Case) -> Case:
    """One case of several (e.g. its GET, POST and PUT variants)."""
    return Case([v for case in cases for v in case.variants])


def done(expected: dict[str, int], status: int = 302) -> dict[str, int]:
    """The answers to a write whose form page answers `expected`: whoever may see the form
    (200) gets `status` (302 after a valid write); 403, 404 and the login redirect stay."""
    return {actor: status if s == 200 else s for actor, s in expected.items()}


# Another pilot's object: 404 for every pilot role; national roles as for their own.
def other_of(own: dict[str, int], **national: int) -> dict[str, int]:
    result = {a: (404 if a in PILOT or a == PL_STAFF else s) for a, s in own.items()}
    result.update(national)
    return result


def pilot_code(w: World, p: str) -> dict[str, Any]:
    return {"code": getattr(w, p).pilot.code}


PILOT_CHANGE = statuses(403, **{PL: 200, BH: 200})
PILOT_CHANGE_POST = statuses(403, **{PL: 302, BH: 302})
# The werkgeversservicepunt sees no dossier (only candidates looking for a leerbaan).
DEELNEMER_READERS = statuses(200, **{SBB: 403, WSP: 403})
INTAKE_RECORD = statuses(403, **{MBO: 200, BH: 200, SBB: 404})
DEELNEMER_EDIT = statuses(403, **{PL: 200, MBO: 200, BH: 200, SBB: 404})
PRIVACY = statuses(403, **{PL: 200, BH: 200, SBB: 404})
INTAKE_API = statuses(403, anon=401, **{PL: 200, MBO: 200, BH: 200, SBB: 404})


# --- which URL patterns exist, and which write methods each accepts ---------------------------
WRITE_METHODS = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITE_METHODS)

# The admin's views are bound methods, not classes: the ones that write on POST. Its login and
# password change hand the request to Django's LoginView/PasswordChangeView (FormViews, which
# take PUT like POST); the others test `request.method == "POST"` and treat any other as GET.
ADMIN_WRITE_VIEWS: dict[str, set[str]] = {
    "login": {"post", "put"},
    "password_change": {"post", "put"},
    "logout": {"post"},
    "add_view": {"post"},
    "change_view": {"post"},
    "delete_view": {"post"},
    "changelist_view": {"post"},  # actions (delete_selected) and list_editable
    "user_change_password": {"post"},
}
# Other function views without require_http_methods: the ones that write on POST. All others
# (health, the admin's catch-all and view-on-site, ...) answer any method as GET and write
# nothing, so they are treated as GET-only.
FUNCTION_VIEW_WRITES: dict[str, set[str]] = {"django.views.i18n.set_language": {"post"}}


def url_patterns(
    patterns: list[Any] | None = None, prefix: str = "", ns: str | None = None
) -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern of the project with its case key: the (namespaced) URL name, or the
    route for an unnamed pattern."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if (p.name and ns) else p.name
            yield name or prefix + str(p.pattern), p


def _required_methods(view: Any) -> set[str] | None:
    """The methods of `require_http_methods` (require_POST, ...) anywhere in the decorators."""
    while view is not None:
        if inspect.isfunction(view):
            allowed = inspect.getclosurevars(view).nonlocals.get("request_method_list")
            if allowed is not None:
                return {m.lower() for m in allowed}
        view = getattr(view, "__wrapped__", None)
    return None


def _is_admin_view(view: Any) -> bool:
    """A view of the admin site or of a ModelAdmin (their URLs wrap bound methods)."""
    from django.contrib.admin import AdminSite, ModelAdmin

    while view is not None:
        if hasattr(view, "model_admin") or hasattr(view, "admin_site"):
            return True
        if isinstance(getattr(view, "__self__", None), (AdminSite, ModelAdmin)):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def write_methods(pattern: URLPattern) -> set[str]:
    """The write methods (post/put/patch/delete) the view of `pattern` accepts."""
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: method -> action
        return {m for m in actions if m in WRITE_METHODS}
    # Django's View.as_view() sets view_class; DRF's APIView.as_view() sets cls too.
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        allowed = view_class.http_method_names
        return {m for m in WRITE_METHODS if m in allowed and hasattr(view_class, m)}
    required = _required_methods(callback)
    if required is not None:
        return required & set(WRITE_METHODS)
    if _is_admin_view(callback):
        return ADMIN_WRITE_VIEWS.get(callback.__name__, set())
    return FUNCTION_VIEW_WRITES.get(f"{callback.__module__}.{callback.__qualname__}", set())
