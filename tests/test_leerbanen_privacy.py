"""A candidate's search for a leerbaan and their matches are personal data (docs/privacy.md):
the inzage holds them, in JSON and in the letter; anonymising clears the wishes' place and the
free texts (also in the audit trail) and keeps the statuses and dates the monitor counts."""

from __future__ import annotations

import pytest

from deelnemers.models import Toestemming
from deelnemers.privacy import anonimiseer, inzage, inzage_brief
from leerbanen.constants import MatchStatus
from leerbanen.models import Match, Zoekvraag
from leerbanen.services import stel_voor, wijs_af
from pilots.roles import Role
from praktijkleren.models import AuditEvent

from .leerbanen_support import kwalificatie, leerbaan, positief_advies, zoekvraag

pytestmark = pytest.mark.django_db


@pytest.fixture
def gezocht(world):
    a = world.alpha
    k, _wps = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 2)
    baan = leerbaan(a, titel="Magazijn Noord", kwalificaties=[k])
    positief_advies(a)
    zk = zoekvraag(a, plaats="Wensdorp", postcode4="9991", toelichting="Wensgeheim: ochtenden")
    m = stel_voor(
        actor=a.users[Role.MBO_MEDEWERKER], zoekvraag=zk, leerbaan=baan, toelichting="Notageheim"
    )
    wijs_af(actor=a.users[Role.PRAKTIJKOPLEIDER], match=m, reden="Redengeheim: geen plek")
    return {"world": world, "zk": zk, "match": m, "deelnemer": a.other_deelnemer}


def test_the_inzage_holds_the_wishes_and_the_matches(gezocht):
    data = inzage(gezocht["deelnemer"])
    (wens,) = data["leerbaan_gezocht"]
    assert wens["plaats"] == "Wensdorp" and wens["postcode4"] == "9991"
    assert wens["kwalificaties"] == [] and wens["toelichting"] == "Wensgeheim: ochtenden"
    (match,) = data["leerbaan_matches"]
    assert match["leerbaan"] == "Magazijn Noord" and match["status"] == MatchStatus.AFGEWEZEN
    assert match["toelichting"] == "Notageheim" and match["reden"] == "Redengeheim: geen plek"
    titels = [s.titel for s in inzage_brief(gezocht["deelnemer"])]
    assert "Een leerbaan zoeken: uw wensen" in [str(t) for t in titels]


def test_anonymising_clears_the_wishes_and_notes_and_keeps_what_is_counted(gezocht):
    pl = gezocht["world"].alpha.users[Role.PROJECTLEIDER]
    anonimiseer(actor=pl, deelnemer=gezocht["deelnemer"], reden="Verzoek van de deelnemer")
    zk = Zoekvraag.objects.get(pk=gezocht["zk"].pk)
    m = Match.objects.get(pk=gezocht["match"].pk)
    assert (zk.plaats, zk.postcode4, zk.toelichting) == ("", "", "")
    assert (m.toelichting, m.reden) == ("", "")
    assert m.status == MatchStatus.AFGEWEZEN and m.beantwoord_op is not None
    for model, pk in ((Zoekvraag, zk.pk), (Match, m.pk)):
        for event in AuditEvent.objects.filter(
            object_type=model._meta.label_lower, object_id=str(pk)
        ):
            tekst = str(event.changes)
            assert "geheim" not in tekst and "Wensdorp" not in tekst


def test_withdrawing_consent_stops_the_search_and_its_open_proposals(world):
    from django.core.exceptions import ValidationError

    from leerbanen.constants import ZoekStatus
    from portaal.toestemming import trek_in

    a = world.alpha
    k, _wps = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 2)
    baan = leerbaan(a, titel="Magazijn Noord", kwalificaties=[k])
    positief_advies(a)
    zk = zoekvraag(a)
    m = stel_voor(actor=a.users[Role.MBO_MEDEWERKER], zoekvraag=zk, leerbaan=baan)
    Toestemming.objects.create(deelnemer=a.other_deelnemer, gegeven=True, doelen=["verwijzing"])
    trek_in(deelnemer=a.other_deelnemer)
    zk.refresh_from_db()
    m.refresh_from_db()
    assert zk.status == ZoekStatus.GESTOPT
    assert m.status == MatchStatus.AFGEWEZEN
    assert m.reden == "De kandidaat heeft de toestemming ingetrokken."
    # Not proposed again, not marked as looking again.
    with pytest.raises(ValidationError):
        stel_voor(actor=a.users[Role.MBO_MEDEWERKER], zoekvraag=zk, leerbaan=baan)
    with pytest.raises(ValidationError, match="toestemming ingetrokken"):
        zoekvraag(a)
