"""Forms in the manner of GOV.UK and the NL Design System (templates/includes/form.html and
templates/includes/foutoverzicht.html): the error summary at the top of a form, the anchor each
of its links points to, and the mark of a conditionally required field.

A form marks its conditionally required fields with a class attribute
`voorwaardelijk_verplicht = {"field": _("required when ...")}`: the text is shown beside the
label, as "(verplicht)" is beside a required one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class Foutregel:
    """One line of the error summary: the message and the id of the field it links to
    (empty for an error of the whole form)."""

    tekst: str
    anker: str = ""


def veld_anker(field: forms.BoundField) -> str:
    """The id of the element an error link moves to: the input itself, or the first option of
    a group of radios or checkboxes (and the first part of a split widget)."""
    if field.id_for_label:
        return str(field.id_for_label)
    if field.auto_id:
        return f"{field.auto_id}_0"
    return ""


register.filter("veld_anker", veld_anker)


@register.filter
def voorwaarde(field: forms.BoundField) -> str:
    """The "required when ..." text of a conditionally required field, else ""."""
    teksten = getattr(field.form, "voorwaardelijk_verplicht", None) or {}
    return str(teksten.get(field.name, ""))


@register.simple_tag
def foutregels(*formulieren: Any) -> list[Foutregel]:
    """The lines of the error summary of one or more forms: the errors of the whole form
    first, then each field's in the order of the form. An error of a hidden field (the user
    cannot correct it there) is listed without a link."""
    regels: list[Foutregel] = []
    for form in formulieren:
        if not isinstance(form, forms.BaseForm) or not form.is_bound or not form.errors:
            continue
        regels.extend(Foutregel(str(e)) for e in form.non_field_errors())
        for field in form:
            anker = "" if field.is_hidden else veld_anker(field)
            regels.extend(Foutregel(str(e), anker) for e in field.errors)
    return regels
