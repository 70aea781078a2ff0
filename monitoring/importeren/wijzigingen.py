"""What an import changes in a record it updates: field, old value and new value, kept with the
preview as JSON (`wijziging`) and shown with the field's label, choices and dates in the
reader's language (`leesbaar`).

The values are personal data (a participant's name, date of birth): they are kept only while the
preview is open. Once the import has run, or the preview is left unconfirmed for a day, only the
names of the changed fields remain (`zonder_waarden`), so an anonymised participant's old name
cannot survive in an import's record (docs/privacy.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Marks a changed foreign key whose names `benoem` has yet to look up.
MODEL = "_model"


def _json(value: Any) -> Any:
    """A value as JSON: a date as ISO, a list of werkprocessen as their codes."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v.get("code", v)) if isinstance(v, dict) else str(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def wijziging(
    obj: models.Model,
    fields: Mapping[str, Any],
    changed: list[str],
    *,
    soort: str,
    bestand: str,
    regel: int,
    naam: str,
) -> dict[str, Any]:
    """The changed fields of `obj` (before they are set) as JSON; a foreign key by the name of
    the object it points to, once `benoem` has looked the names up (for a batch at once)."""
    velden: list[dict[str, Any]] = []
    for attname in changed:
        field = next(f for f in obj._meta.concrete_fields if f.attname == attname)
        oud, nieuw = getattr(obj, attname), fields[attname]
        if field.is_relation and field.related_model is not None:
            velden.append(
                {"veld": field.name, "oud": oud, "nieuw": nieuw, MODEL: field.related_model}
            )
        else:
            velden.append({"veld": field.name, "oud": _json(oud), "nieuw": _json(nieuw)})
    return {
        "soort": soort,
        "model": obj._meta.label_lower,
        "bestand": bestand,
        "regel": regel,
        "naam": naam,
        "velden": velden,
    }


def benoem(wijzigingen: list[dict[str, Any]]) -> None:
    """Replace the keys a changed foreign key held and holds by the names of the objects they
    point to: one query per related model for all the changes given."""
    pks: dict[Any, set[Any]] = {}
    for w in wijzigingen:
        for v in w["velden"]:
            if MODEL in v:
                pks.setdefault(v[MODEL], set()).update({v["oud"], v["nieuw"]} - {None})
    namen = {
        model: dict(model._default_manager.filter(pk__in=keys).values_list("pk", "naam"))
        for model, keys in pks.items()
    }
    for w in wijzigingen:
        for v in w["velden"]:
            if MODEL in v:
                bij = namen[v.pop(MODEL)]
                v["oud"], v["nieuw"] = bij.get(v["oud"], ""), bij.get(v["nieuw"], "")


def zonder_waarden(wijzigingen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same changes with only the names of the changed fields, not their values."""
    return [
        {**w, "velden": [{"veld": v["veld"]} for v in w.get("velden", [])]} for w in wijzigingen
    ]


def _waarde(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value in (None, ""):
        return _("(empty)")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "d-m-Y")
        except ValueError:
            return value
    return str(value)


def leesbaar(wijzigingen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each changed record with the name of its kind (`soort_label`) and its fields as `label`,
    `oud`, `nieuw` for the page."""
    uit = []
    for w in wijzigingen:
        try:
            model: type[models.Model] | None = apps.get_model(w.get("model", ""))
        except (LookupError, ValueError):
            model = None
        velden = []
        for v in w.get("velden", []):
            field: Any = None
            if model is not None:
                try:
                    field = model._meta.get_field(v["veld"])
                except FieldDoesNotExist:
                    field = None
            label = capfirst(str(field.verbose_name)) if field is not None else v["veld"]
            if "oud" not in v:  # values no longer kept (zonder_waarden)
                velden.append({"label": label, "alleen_veld": True})
                continue
            velden.append(
                {
                    "label": label,
                    "oud": _waarde(field, v["oud"]),
                    "nieuw": _waarde(field, v["nieuw"]),
                }
            )
        soort = capfirst(str(model._meta.verbose_name)) if model is not None else w.get("soort")
        uit.append({**w, "soort_label": soort, "velden": velden})
    return uit
