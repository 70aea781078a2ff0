"""The inzage letter: the export of `deelnemers.privacy.inzage` made readable for the person it
is about. Each section gets a title and each key a label (the model field's verbose name, or an
explicit one), codes read as their choice labels, times are local (Europe/Amsterdam) without
seconds, and what was never given (an empty field, a default the form does not ask for) is left
out. The JSON export keeps the keys and ISO values: it is for machines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Weergave:
    """How the letter shows one section of the export: its title, a label per key, the labels
    of the keys whose values are codes, and per key the value that means "not given" (a default
    the person was never asked about), which leaves the row out."""

    titel: Any
    labels: Mapping[str, Any]
    keuzes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    niet_gegeven: Mapping[str, Any] = field(default_factory=dict)


def weergave(
    model: type[models.Model],
    namen: Iterable[str],
    *,
    titel: Any = None,
    labels: Mapping[str, Any] | None = None,
    keuzes: Mapping[str, Any] | None = None,
    niet_gegeven: Mapping[str, Any] | None = None,
) -> Weergave:
    """A section shown with `model`'s field names (verbose_name) and choices for `namen`;
    `labels` and `keuzes` name the keys that are not a field of the model (or relabel one)."""
    veld_labels: dict[str, Any] = {}
    veld_keuzes: dict[str, Mapping[str, Any]] = {}
    for naam in namen:
        veld = model._meta.get_field(naam)
        veld_labels[naam] = getattr(veld, "verbose_name", naam)
        if getattr(veld, "choices", None):
            veld_keuzes[naam] = dict(veld.choices)  # type: ignore[union-attr,arg-type]
    extra_keuzes = {k: dict(v) for k, v in (keuzes or {}).items()}
    return Weergave(
        titel=titel if titel is not None else model._meta.verbose_name_plural,
        labels=veld_labels | dict(labels or {}),
        keuzes=veld_keuzes | extra_keuzes,
        niet_gegeven=dict(niet_gegeven or {}),
    )


def toon(waarde: Any, keuzes: Mapping[str, Any] | None = None) -> str:
    """One value as the person reads it: "" when there is nothing to show."""
    if waarde is None or waarde == "" or waarde == [] or waarde == {}:
        return ""
    if isinstance(waarde, bool):
        return _("Yes") if waarde else _("No")
    if isinstance(waarde, datetime):
        moment = timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde
        return date_format(moment, "DATETIME_FORMAT")
    if isinstance(waarde, date):
        return date_format(waarde, "DATE_FORMAT")
    if isinstance(waarde, list | tuple):
        return ", ".join(t for t in (toon(w, keuzes) for w in waarde) if t)
    if isinstance(waarde, dict):
        # A werkproces as stored in a document: its code and name say what it is.
        if "code" in waarde and "naam" in waarde:
            return f"{waarde['code']} {waarde['naam']}"
        return ", ".join(t for t in (toon(w) for w in waarde.values()) if t)
    if keuzes and str(waarde) in keuzes:
        return str(keuzes[str(waarde)])
    return str(waarde)


def _label(sleutel: str, weergave: Weergave | None) -> str:
    label = weergave.labels.get(sleutel) if weergave else None
    # A key nobody labelled still reads as words, never as snake_case.
    return str(capfirst(label if label is not None else sleutel.replace("_", " ")))


def _rijen(rij: Mapping[str, Any], weergave: Weergave | None) -> list[tuple[str, str]]:
    niet_gegeven = weergave.niet_gegeven if weergave else {}
    keuzes = weergave.keuzes if weergave else {}
    uit: list[tuple[str, str]] = []
    for sleutel, waarde in rij.items():
        if sleutel in niet_gegeven and waarde == niet_gegeven[sleutel]:
            continue
        tekst = toon(waarde, keuzes.get(sleutel))
        if tekst:
            uit.append((_label(sleutel, weergave), tekst))
    return uit


@dataclass(frozen=True)
class Sectie:
    titel: str
    items: list[list[tuple[str, str]]]


def secties(data: Mapping[str, Any], weergaven: Mapping[str, Weergave]) -> list[Sectie]:
    """The export as sections of (label, value) rows, in the export's order. A section with
    nothing in it is left out: the letter shows what exists for this person."""
    uit = []
    for sleutel, inhoud in data.items():
        weergave = weergaven.get(sleutel)
        rijen = inhoud if isinstance(inhoud, list) else [inhoud]
        items = [r for r in (_rijen(rij, weergave) for rij in rijen) if r]
        if items:
            titel = weergave.titel if weergave else sleutel.replace("_", " ")
            uit.append(Sectie(titel=str(capfirst(titel)), items=items))
    return uit
