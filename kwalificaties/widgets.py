"""The werkproces picker: checkboxes grouped by kwalificatie and kerntaak, with counts and a search.

It replaces a native multi-select of ~100 options (Ctrl-click, unusable on a phone). Without
JavaScript it is a plain grouped checkbox list that posts the same values; static/js/
werkproces_picker.js adds the live search and keeps the counts current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

from .constants import Herkomst
from .services import herkomst_merk

# The project's template engine: the picker's templates live in templates/kwalificaties/widgets/,
# which Django's default form renderer (its own engine, app directories only) does not search.
_PROJECT_TEMPLATES = TemplatesSetting()


@dataclass
class Kerntaakgroep:
    kerntaak: Any
    options: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gekozen(self) -> int:
        return sum(1 for o in self.options if o["selected"])


@dataclass
class Kwalificatiegroep:
    kwalificatie: Any
    kerntaken: dict[int, Kerntaakgroep] = field(default_factory=dict)
    merk: str = ""  # the source mark every werkproces in it shares, shown once

    @property
    def kerntaakgroepen(self) -> list[Kerntaakgroep]:
        return list(self.kerntaken.values())

    @property
    def options(self) -> list[dict[str, Any]]:
        return [o for kt in self.kerntaken.values() for o in kt.options]

    @property
    def gekozen(self) -> int:
        return sum(kt.gekozen for kt in self.kerntaken.values())


def _herkomst(wp: Any) -> str:
    return herkomst_merk(SimpleNamespace(herkomst=wp.herkomst, actief=True))


def _vervallen(wp: Any) -> str:
    return herkomst_merk(SimpleNamespace(herkomst=Herkomst.OFFICIEEL, actief=wp.actief))


class WerkprocesPicker(forms.CheckboxSelectMultiple):
    """For a ModelMultipleChoiceField of Werkproces whose queryset selects `kwalificatie` and
    `kerntaak` (one query, however many groups)."""

    template_name = "kwalificaties/widgets/werkproces_picker.html"

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> Any:
        return super().render(name, value, attrs, renderer=_PROJECT_TEMPLATES)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        groepen: dict[int, Kwalificatiegroep] = {}
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                wp = option["value"].instance
                groep = groepen.setdefault(wp.kwalificatie_id, Kwalificatiegroep(wp.kwalificatie))
                kerntaak = groep.kerntaken.setdefault(wp.kerntaak_id, Kerntaakgroep(wp.kerntaak))
                option["werkproces"] = wp
                kerntaak.options.append(option)
        for groep in groepen.values():
            herkomsten = {_herkomst(o["werkproces"]) for o in groep.options}
            groep.merk = herkomsten.pop() if len(herkomsten) == 1 else ""
            for option in groep.options:
                wp = option["werkproces"]
                merken = [_herkomst(wp)] if not groep.merk else []
                option["merk"] = ", ".join(m for m in [*merken, _vervallen(wp)] if m)
        lijst = list(groepen.values())
        context["widget"].update(
            groepen=lijst,
            open_alle=len(lijst) == 1,
            gekozen=sum(g.gekozen for g in lijst),
            totaal=sum(len(g.options) for g in lijst),
        )
        return context
