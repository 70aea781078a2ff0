"""The werkproces picker (issue 15): on the traject and leerlijn forms the werkprocessen are a
searchable list of checkboxes, grouped by kwalificatie and kerntaak, with counts, instead of a
native multi-select of ~100 options that needs Ctrl-click.

Without JavaScript it is a plain grouped checkbox list that posts the same values as the select
did; tests/e2e/test_werkproces_picker_browser.py drives the search and the counts in a browser.
"""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kwalificaties.constants import Herkomst
from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from pilots.roles import Role
from trajecten.forms.traject import LeerlijnForm, TrajectForm
from trajecten.models import Leerlijn, Traject

pytestmark = pytest.mark.django_db


def structuur(
    n_kwalificaties: int = 2, kerntaken: int = 2, per: int = 2, start: int = 0
) -> list[Werkproces]:
    """n kwalificaties, each with `kerntaken` kerntaken of `per` werkprocessen."""
    result = []
    for i in range(start, start + n_kwalificaties):
        k = Kwalificatie.objects.create(
            crebo=f"2560{i}", naam=f"Kwalificatie {i}", niveau="2", domein="Techniek"
        )
        for t in range(1, kerntaken + 1):
            kt = Kerntaak.objects.create(kwalificatie=k, code=f"B1-K{t}", naam=f"Kerntaak {i}.{t}")
            result += [
                Werkproces.objects.create(
                    kerntaak=kt,
                    kwalificatie=k,
                    code=f"B1-K{t}-W{j}",
                    naam=f"Werkproces {i}.{t}.{j}",
                )
                for j in range(1, per + 1)
            ]
    return result


def traject_data(world: Any, wps: list[Werkproces], **changes: Any) -> dict[str, Any]:
    data = {
        "route": "praktijkverklaring",
        "mbo_instelling": world.alpha.mbo.pk,
        "leerbedrijf": world.alpha.leerbedrijf.pk,
        "praktijkopleider": world.alpha.users[Role.PRAKTIJKOPLEIDER].pk,
        "startdatum": "2026-12-01",
        "geplande_einddatum": "2027-06-01",
        "uren_per_week": "32",
        "werkprocessen": [w.pk for w in wps],
    }
    data.update(changes)
    return data


BOXES = ".//input[@type='checkbox'][@name='werkprocessen']"
LABEL = ".//label[@for=$id]"


def picker(html: str) -> Any:
    doc = lxml.html.fromstring(html)
    found = doc.xpath("//*[@data-werkproces-picker]")
    assert len(found) == 1, "one werkproces picker on the page"
    return found[0]


def text(el: Any) -> str:
    return " ".join(el.text_content().split())


def checked(root: Any) -> set[int]:
    return {int(i.get("value")) for i in root.xpath(".//input[@name='werkprocessen'][@checked]")}


@pytest.fixture
def mbo(client: Any, world: Any) -> Any:
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    return client


def nieuw_traject(world: Any) -> str:
    return reverse("trajecten:traject-create", args=[world.alpha.other_deelnemer.pk])


class TestTheTrajectForm:
    def test_shows_werkprocessen_as_checkboxes_grouped_by_kwalificatie_and_kerntaak(
        self, mbo: Any, world: Any
    ) -> None:
        wps = structuur()
        html = mbo.get(nieuw_traject(world)).content.decode()
        doc = lxml.html.fromstring(html)
        assert not doc.xpath("//select[@name='werkprocessen']")
        root = picker(html)

        groepen = root.xpath(".//fieldset[@data-wp-kwalificatie]")
        assert [text(g.xpath("legend")[0]) for g in groepen] == [
            "Kwalificatie 0 (crebo 25600)",
            "Kwalificatie 1 (crebo 25601)",
        ]
        kerntaken = groepen[0].xpath(".//fieldset[@data-wp-kerntaak]")
        assert [text(k.xpath("legend")[0]) for k in kerntaken] == [
            "B1-K1 Kerntaak 0.1",
            "B1-K2 Kerntaak 0.2",
        ]
        # One checkbox per werkproces, with its code and name in the label tied to it.
        boxes = root.xpath(BOXES)
        assert [int(b.get("value")) for b in boxes] == [w.pk for w in wps]
        for box, wp in zip(boxes, wps, strict=True):
            (label,) = root.xpath(LABEL, id=box.get("id"))
            assert text(label) == f"{wp.code} {wp.naam}"
        first = kerntaken[0].xpath(BOXES)
        assert [int(b.get("value")) for b in first] == [wps[0].pk, wps[1].pk]

    def test_counts_per_group_and_a_total_in_a_live_region(self, mbo: Any, world: Any) -> None:
        structuur()
        root = picker(mbo.get(nieuw_traject(world)).content.decode())
        (totaal,) = root.xpath(".//*[@data-wp-totaal]")
        assert totaal.get("role") == "status"
        assert text(totaal) == "0 van 8 werkprocessen gekozen"
        groep = root.xpath(".//*[@data-wp-groep]")[0]
        assert "0 van 4 gekozen" in text(groep.xpath("summary")[0])
        kerntaak = root.xpath(".//fieldset[@data-wp-kerntaak]")[0]
        assert text(kerntaak.xpath(".//*[@data-wp-telling]")[0]) == "0 van 2 gekozen"
        # Hidden until the script shows them: without it they would not follow the ticks.
        counts = root.xpath(".//*[@data-wp-totaal or @data-wp-telling]")
        assert len(counts) == 1 + 2 + 4
        assert all(c.get("hidden") is not None for c in counts)

    def test_the_search_box_is_hidden_until_the_script_shows_it(self, mbo: Any, world: Any) -> None:
        structuur()
        html = mbo.get(nieuw_traject(world)).content.decode()
        root = picker(html)
        (zoek,) = root.xpath(".//input[@type='search']")
        # No name: it never posts; inside a block the script unhides (inert without JavaScript).
        assert zoek.get("name") is None
        assert zoek.getparent().get("hidden") is not None
        (label,) = root.xpath(LABEL, id=zoek.get("id"))
        assert text(label) == "Zoek een werkproces"
        doc = lxml.html.fromstring(html)
        scripts = [
            s for s in doc.xpath("//head/script") if "werkproces_picker" in (s.get("src") or "")
        ]
        assert len(scripts) == 1
        assert scripts[0].get("nonce") and scripts[0].get("defer") is not None

    def test_posting_the_checkboxes_agrees_the_traject_with_those_werkprocessen(
        self, mbo: Any, world: Any
    ) -> None:
        wps = structuur()
        chosen = [wps[0], wps[5]]
        response = mbo.post(nieuw_traject(world), traject_data(world, chosen))
        traject = Traject.objects.get(deelnemer=world.alpha.other_deelnemer)
        assert response["Location"] == traject.get_absolute_url()
        assert set(traject.werkprocessen.all()) == set(chosen)

    def test_chosen_werkprocessen_stay_checked_after_a_form_error(
        self, mbo: Any, world: Any
    ) -> None:
        wps = structuur()
        chosen = [wps[0], wps[1], wps[5]]
        response = mbo.post(
            nieuw_traject(world), traject_data(world, chosen, geplande_einddatum="2026-11-01")
        )
        html = response.content.decode()
        assert "De geplande einddatum moet na de startdatum liggen." in html
        root = picker(html)
        assert checked(root) == {w.pk for w in chosen}
        assert text(root.xpath(".//*[@data-wp-totaal]")[0]) == "3 van 8 werkprocessen gekozen"
        groepen = root.xpath(".//*[@data-wp-groep]")
        # The groups that hold a choice are open, with their count in the summary.
        assert [g.get("open") is not None for g in groepen] == [True, True]
        assert "2 van 4 gekozen" in text(groepen[0].xpath("summary")[0])
        assert "1 van 4 gekozen" in text(groepen[1].xpath("summary")[0])
        assert not Traject.objects.filter(deelnemer=world.alpha.other_deelnemer).exists()

    def test_groups_without_a_choice_start_closed(self, mbo: Any, world: Any) -> None:
        structuur()
        root = picker(mbo.get(nieuw_traject(world)).content.decode())
        assert [g.get("open") for g in root.xpath(".//*[@data-wp-groep]")] == [None, None]

    def test_the_empty_choice_keeps_its_dutch_message(self, mbo: Any, world: Any) -> None:
        structuur(1)
        response = mbo.post(nieuw_traject(world), traject_data(world, []))
        assert "Kies minstens één werkproces." in response.content.decode()


class TestTheLeerlijnForm:
    def test_uses_the_picker_and_saves_the_ticked_werkprocessen(self, mbo: Any, world: Any) -> None:
        wps = structuur()
        url = reverse("trajecten:leerlijnen", args=[world.alpha.pilot.code])
        root = picker(mbo.get(url).content.decode())
        assert len(root.xpath(BOXES)) == 8
        response = mbo.post(url, {"naam": "Basis", "werkprocessen": [wps[2].pk, wps[3].pk]})
        assert response.status_code == 302
        leerlijn = Leerlijn.objects.get(pilot=world.alpha.pilot)
        assert set(leerlijn.werkprocessen.all()) == {wps[2], wps[3]}

    def test_a_missing_name_keeps_the_ticked_werkprocessen(self, mbo: Any, world: Any) -> None:
        wps = structuur()
        url = reverse("trajecten:leerlijnen", args=[world.alpha.pilot.code])
        response = mbo.post(url, {"naam": "", "werkprocessen": [wps[7].pk]})
        assert response.status_code == 200
        assert checked(picker(response.content.decode())) == {wps[7].pk}


class TestThePickerItself:
    def test_shows_a_source_mark_once_per_kwalificatie_when_all_share_it(self, world: Any) -> None:
        wps = structuur(1)
        Werkproces.objects.update(herkomst=Herkomst.VOORBEELD)
        Werkproces.objects.filter(pk=wps[0].pk).update(actief=False)
        root = picker(str(TrajectForm(pilot=world.alpha.pilot)["werkprocessen"]))
        summary = text(root.xpath(".//summary")[0])
        assert "voorbeeldgegevens" in summary
        labels = [text(label) for label in root.xpath(".//li[@data-wp-item]/label")]
        # Only what differs from the group's mark is repeated beside the werkproces.
        assert labels[0] == f"{wps[0].code} {wps[0].naam} (vervallen)"
        assert labels[1] == f"{wps[1].code} {wps[1].naam}"

    def test_rendering_runs_one_query_whatever_the_number_of_groups(self, world: Any) -> None:
        structuur(1, kerntaken=1)
        with CaptureQueriesContext(connection) as small:
            str(LeerlijnForm()["werkprocessen"])
        structuur(4, kerntaken=3, start=1)
        with CaptureQueriesContext(connection) as large:
            str(LeerlijnForm()["werkprocessen"])
        assert len(small) == len(large) == 1

    def test_the_form_page_runs_as_many_queries_for_one_kwalificatie_as_for_five(
        self, mbo: Any, world: Any
    ) -> None:
        structuur(1, kerntaken=1)
        with CaptureQueriesContext(connection) as small:
            assert mbo.get(nieuw_traject(world)).status_code == 200
        structuur(4, kerntaken=3, start=1)
        with CaptureQueriesContext(connection) as large:
            assert mbo.get(nieuw_traject(world)).status_code == 200
        assert len(large) == len(small)

    def test_the_cleaned_data_is_the_same_queryset_of_werkprocessen(self, world: Any) -> None:
        wps = structuur()
        form = LeerlijnForm({"naam": "x", "werkprocessen": [wps[6].pk, wps[1].pk]})
        assert form.is_valid(), form.errors
        assert list(form.cleaned_data["werkprocessen"]) == [wps[1], wps[6]]
