"""The portal's part of a participant's personal data (registered with deelnemers.privacy).

The inzage lists the login requests (when asked, when logged in; never a secret), the share
links (which verklaring, until when, revoked when) and every time a link was opened. Anonymising
deletes all of them: a share link then answers that it does not exist, and a login link too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import PrivacyHandler

from .models import Deellink, DeellinkGebruik, Inlogverzoek


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    verzoeken = Inlogverzoek.objects.for_deelnemer(deelnemer.pk).order_by("pk")
    links = (
        Deellink.objects.for_deelnemer(deelnemer.pk).select_related("registratie").order_by("pk")
    )
    gebruik = (
        DeellinkGebruik.objects.for_deelnemer(deelnemer.pk)
        .select_related("deellink__registratie")
        .order_by("pk")
    )
    return {
        "portaal_inlogverzoeken": [
            {
                "aangevraagd_op": iso(v.aangevraagd_op),
                "codes_verstuurd": v.codes_verstuurd,
                "code_pogingen": v.code_pogingen,
                "ingelogd_op": iso(v.ingelogd_op),
                "vervallen_op": iso(v.vervallen_op),
            }
            for v in verzoeken
        ],
        "portaal_deellinks": [
            {
                "registratie": link.registratie.nummer,
                "omschrijving": link.omschrijving,
                "aangemaakt_op": iso(link.aangemaakt_op),
                "verloopt_op": iso(link.verloopt_op),
                "ingetrokken_op": iso(link.ingetrokken_op),
            }
            for link in links
        ],
        "portaal_deellink_gebruik": [
            {"registratie": g.deellink.registratie.nummer, "at": iso(g.at)} for g in gebruik
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    DeellinkGebruik.objects.for_deelnemer(deelnemer.pk).delete()
    Deellink.objects.for_deelnemer(deelnemer.pk).delete()
    Inlogverzoek.objects.for_deelnemer(deelnemer.pk).delete()


WEERGAVE = {
    "portaal_inlogverzoeken": weergave(
        Inlogverzoek,
        ["aangevraagd_op", "codes_verstuurd", "code_pogingen", "ingelogd_op", "vervallen_op"],
        titel=_("Logging in to your portal"),
    ),
    "portaal_deellinks": weergave(
        Deellink,
        ["registratie", "omschrijving", "aangemaakt_op", "verloopt_op", "ingetrokken_op"],
        titel=_("Links with which you shared a verklaring"),
    ),
    "portaal_deellink_gebruik": weergave(
        DeellinkGebruik,
        ["at"],
        titel=_("When your links were opened"),
        labels={"registratie": _("verklaring")},
    ),
}

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
