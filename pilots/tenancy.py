"""The shared tenancy kernel.

Every tenant-owned model's QuerySet derives from `ScopedQuerySet` and implements
`for_user(user, action)` as an SQL filter. Views, viewsets and the admin apply it through the
mixins below, so no permission check lives only in a view.

Objects are loaded one way: `get_for_user_or_404(queryset_or_model, user, action, **lookup)`,
used by `ScopedViewMixin`, `ScopedViewSetMixin` and the views that load an object themselves.
Access answers follow one rule: an object the user may act on is returned; an object in one of
the user's pilots that the role may not act on (or may view but not change) answers 403; anything
else (another pilot's object, or no object) answers 404, so its existence is not revealed.
`check_access` applies the same rule to an object already in hand (e.g. the traject of a loaded
werkproces).

A model whose data is its parent's (a dossier event, a progress entry, a signing event) gets a
`ParentScopedQuerySet`: visible and changeable exactly as its parent is.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from . import roles


class ScopedQuerySet(models.QuerySet):
    # The lookup from this model to its Pilot; None for models without a pilot.
    pilot_lookup: ClassVar[str | None] = "pilot"

    def for_user(self, user: Any, action: str = "view") -> ScopedQuerySet:
        raise NotImplementedError

    def in_pilots_of(self, user: Any) -> ScopedQuerySet:
        """Objects in any pilot where the user holds any role (used to choose 403 over 404)."""
        if self.pilot_lookup is None or not roles.is_authenticated(user):
            return self.none()
        return self.filter(**{f"{self.pilot_lookup}__in": roles.pilot_ids_with(user, "pilot.view")})


class ParentScopedQuerySet(ScopedQuerySet):
    """For child models: `parent` is the lookup to the parent object (e.g. "traject" or
    "deelnemer"); `for_user` passes the action on to the parent's `for_user`, so the child never
    has rules of its own that could drift from its parent's."""

    parent: ClassVar[str]

    def _parent_model(self) -> type[models.Model]:
        model: Any = self.model
        for part in self.parent.split("__"):
            model = model._meta.get_field(part).related_model
        return model

    def for_user(self, user: Any, action: str = "view") -> ParentScopedQuerySet:
        parents: Any = self._parent_model()._default_manager.all()
        return self.filter(**{f"{self.parent}__in": parents.for_user(user, action).values("pk")})


def get_for_user_or_404[M: models.Model](
    source: type[M] | models.QuerySet[M], user: Any, action: str = "view", **lookup: Any
) -> M:
    """Load one tenant-owned object for `user` and `action`, or answer 404/403 by the rule in
    the module docstring. `source` is a model or a queryset (for select_related and the like);
    `lookup` identifies the object (pk=..., code=...). A malformed id answers 404."""
    qs: Any = source._default_manager.all() if isinstance(source, type) else source
    model = qs.model
    try:
        return cast(M, qs.for_user(user, action).get(**lookup))
    except model.DoesNotExist:
        pass
    except (ValueError, TypeError, DjangoValidationError) as exc:
        raise Http404 from exc
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        raise Http404
    check_access(user, obj, action)
    # Visible to the user, but not through this queryset (e.g. a list filtered by a query
    # parameter): the object exists for them, so its existence is no secret.
    raise PermissionDenied


def check_access[M: models.Model](user: Any, obj: M, action: str = "view") -> M:
    """The access rule applied to an object already loaded (a parent or related object)."""
    qs: Any = type(obj)._default_manager.filter(pk=obj.pk)
    if qs.for_user(user, action).exists():
        return obj
    if action != "view" and qs.for_user(user, "view").exists():
        raise PermissionDenied
    if qs.in_pilots_of(user).exists():
        raise PermissionDenied
    raise Http404


class CapabilityRequiredMixin:
    """Class-based view mixin: login required, then a capability in the current pilot (403)."""

    required_cap: ClassVar[str | None] = None
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if self.required_cap and not roles.has_cap(request.user, self.required_cap):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ScopedViewMixin(CapabilityRequiredMixin):
    """For Django generic views: list querysets and single objects go through `for_user`."""

    model: type[models.Model]
    permission_action: ClassVar[str] = "view"
    # List pages show the current pilot only (the pilot switcher chooses it).
    filter_current_pilot: ClassVar[bool] = True

    def get_queryset(self) -> models.QuerySet:
        qs = self.model._default_manager.all().for_user(self.request.user, "view")  # type: ignore[attr-defined]
        pilot = getattr(self.request, "pilot", None)
        lookup = getattr(qs, "pilot_lookup", None)
        if self.filter_current_pilot and lookup and pilot is not None:
            qs = qs.filter(**{lookup: pilot})
        return qs

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        view: Any = self
        pk = view.kwargs.get(view.pk_url_kwarg)
        lookup = (
            {"pk": pk}
            if pk is not None
            else {view.get_slug_field(): view.kwargs.get(view.slug_url_kwarg)}
        )
        source = queryset if queryset is not None else self.model._default_manager.all()
        return get_for_user_or_404(source, self.request.user, self.permission_action, **lookup)


class ScopedViewSetMixin:
    """For DRF viewsets: safe methods use action "view", the others "change"."""

    request: Any

    def _action(self) -> str:
        return "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"

    def get_queryset(self) -> models.QuerySet:
        qs = super().get_queryset()  # type: ignore[misc]
        return qs.for_user(self.request.user, "view")

    def get_object(self) -> models.Model:
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field  # type: ignore[attr-defined]
        filter_kwargs = {self.lookup_field: self.kwargs[lookup_url_kwarg]}  # type: ignore[attr-defined]
        # The scoped queryset keeps the viewset's select/prefetch_related for nested data.
        obj = get_for_user_or_404(self.get_queryset(), self.request.user, "view", **filter_kwargs)
        if self._action() != "view":
            check_access(self.request.user, obj, self._action())
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj


class ScopedAdminMixin:
    """ModelAdmin mixin: the admin shows and edits only what `for_user` allows, and deletes
    nothing (issue 13): a deletion would skip the services, their checks and the audit trail.
    A ModelAdmin that adds or changes saves through its app's service (see pilots/admin.py)."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).for_user(request.user, "view")  # type: ignore[misc]

    def _allowed(self, request: HttpRequest, obj: models.Model | None, action: str) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False
        if obj is None:
            return True
        model = type(obj)
        return model._default_manager.filter(pk=obj.pk).for_user(request.user, action).exists()  # type: ignore[attr-defined]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj, "view")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Choices for a related tenant model are scoped too (no other pilot in a <select>).
        from django.contrib.auth import get_user_model

        related = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and hasattr(related, "for_user"):
            kwargs["queryset"] = related.for_user(request.user, "view")
        elif "queryset" not in kwargs and db_field.related_model is get_user_model():
            # People: only those with a role in a pilot the admin user may see.
            from pilots.models import Pilot

            pilots = Pilot.objects.for_user(request.user, "view").values("pk")
            kwargs["queryset"] = related.filter(memberships__pilot__in=pilots).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj, "change")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return roles.has_national(request.user, roles.Cap.EVERYTHING)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)


class ReadOnlyAdminMixin(ScopedAdminMixin):
    """ModelAdmin mixin for personal data, a pilot's documents, the register and reference data:
    the admin only shows them (scoped). They are written through their pages and services, and
    leave the platform only through the privacy services: no list actions (the site disables
    the bulk delete, and no ModelAdmin defines an export)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInlineMixin:
    """InlineModelAdmin mixin: the rows are shown, not added, changed or deleted here."""

    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
