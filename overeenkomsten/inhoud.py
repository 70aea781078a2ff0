"""What an agreement says: the content of a version, built from the traject, and its checks.

The content (`inhoud`) is a plain JSON document so a version keeps exactly what was printed and
signed, whatever happens to the traject later.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from erkenningen.selectors import referenties
from pilots.constants import (
    PLOK_FINANCIERINGSBRONNEN,
    Financieringsbron,
    OrganisatieSoort,
    PilotSoort,
)
from pilots.models import Organisatie
from praktijkleren.models import User
from trajecten.constants import TrajectRoute
from trajecten.models import Traject

from .constants import PARTIJEN, PLOK_MAX_WEKEN, OvereenkomstSoort, PartijRol

MOBILITEITSTEAM_SOORTEN = (OrganisatieSoort.GEMEENTE, OrganisatieSoort.UWV)
# The agreements a minor's wettelijk vertegenwoordiger co-signs.
VERTEGENWOORDIGD = (OvereenkomstSoort.OOK, OvereenkomstSoort.POK)
# Parties who sign for themselves, not for an organisation.
ZONDER_ORGANISATIE = (PartijRol.DEELNEMER, PartijRol.VERTEGENWOORDIGER)

# Standard wording; the mbo may change it per agreement before sending.
STANDAARD_TEKST = {
    "begeleiding": (
        "De praktijkopleider begeleidt de deelnemer op de werkplek. De mbo-instelling houdt "
        "minstens eens per zes weken contact met deelnemer en praktijkopleider en is het "
        "aanspreekpunt bij problemen."
    ),
    "beoordeling": (
        "De praktijkopleider beoordeelt per werkproces of de deelnemer het beheerst en legt dat "
        "vast met een samenvattend oordeel. Beheerste werkprocessen komen op de "
        "praktijkverklaring."
    ),
    "beeindiging": (
        "Elke partij kan deze overeenkomst voortijdig beëindigen met opgave van redenen, na "
        "overleg met de andere partijen. De mbo-instelling legt de beëindiging vast."
    ),
}


def plok_nodig(traject: Traject) -> bool:
    """Only a funding scheme needs the PLOK (regionaal mobiliteitsteam, gemeente, UWV,
    Perspectief op Werk). A traject in a national pilot, or of an employer training its own staff,
    signs the OOK and POK only."""
    if traject.eigen_personeel or traject.deelnemer.pilot.soort == PilotSoort.LANDELIJK:
        return False
    return traject.financieringsbron in PLOK_FINANCIERINGSBRONNEN


def nodige_soorten(traject: Traject) -> list[str]:
    """The agreements this traject needs, in the order of the process."""
    soorten = [OvereenkomstSoort.OOK.value, OvereenkomstSoort.POK.value]
    if plok_nodig(traject):
        soorten.append(OvereenkomstSoort.PLOK.value)
    return soorten


def leeftijd(geboren: date, op: date) -> int:
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def minderjarig(traject: Traject) -> bool:
    """Under 18 on the start date: a wettelijk vertegenwoordiger co-signs the OOK and POK."""
    op = traject.startdatum or date.today()
    return leeftijd(traject.deelnemer.geboortedatum, op) < 18


def financiering_label(bron: str) -> str:
    return str(Financieringsbron(bron).label) if bron in Financieringsbron.values else bron


def weken(start: date, eind: date) -> int:
    """Whole weeks from start to end, counting a started week as a week."""
    return -(-(eind - start).days // 7)


def _persoon(user: Any) -> tuple[str, str]:
    if user is None:
        return "", ""
    return (user.get_full_name() or user.email), user.email


def mobiliteitsteam_keuzes(traject: Traject) -> Any:
    """Gemeenten and UWV that are partners of the traject's pilot."""
    return Organisatie.objects.filter(
        partnerships__pilot_id=traject.deelnemer.pilot_id, soort__in=MOBILITEITSTEAM_SOORTEN
    ).distinct()


def standaard_partijen(traject: Traject, soort: str, actor: User | None) -> list[dict[str, Any]]:
    """The signatories of a new agreement, filled in from the traject where we know them."""
    deelnemer = traject.deelnemer
    mbo_persoon = deelnemer.mbo_contact if deelnemer.mbo_contact_id else actor
    team = mobiliteitsteam_keuzes(traject).order_by("soort", "naam").first()
    verwijzer = deelnemer.verwezen_door
    team_persoon = (
        verwijzer
        if verwijzer is not None
        and deelnemer.verwijzer_organisatie_id
        and team is not None
        and deelnemer.verwijzer_organisatie_id == team.pk
        else None
    )
    defaults: dict[str, tuple[Organisatie | None, tuple[str, str]]] = {
        PartijRol.MBO: (traject.mbo_instelling, _persoon(mbo_persoon)),
        PartijRol.DEELNEMER: (None, (str(deelnemer), deelnemer.email)),
        PartijRol.LEERBEDRIJF: (traject.leerbedrijf, _persoon(traject.praktijkopleider)),
        PartijRol.MOBILITEITSTEAM: (team, _persoon(team_persoon)),
    }
    rollen = list(PARTIJEN[soort])
    if soort in VERTEGENWOORDIGD and minderjarig(traject):
        rollen.insert(rollen.index(PartijRol.DEELNEMER) + 1, PartijRol.VERTEGENWOORDIGER)
        defaults[PartijRol.VERTEGENWOORDIGER] = (
            None,
            (deelnemer.vertegenwoordiger_naam, deelnemer.vertegenwoordiger_email),
        )
    partijen = []
    for rol in rollen:
        org, (naam, email) = defaults[rol]
        partijen.append(
            {
                "rol": str(rol),
                "organisatie_id": org.pk if org else None,
                "organisatie": org.naam if org else "",
                "naam": naam,
                "email": email,
            }
        )
    return partijen


def _contact(user: Any) -> dict[str, str]:
    """A contact person as the agreements print them."""
    if user is None:
        return {"naam": "", "email": "", "telefoon": ""}
    return {
        "naam": user.get_full_name() or user.email,
        "email": user.email,
        "telefoon": getattr(user, "phone", ""),
    }


def _organisatie(org: Organisatie | None) -> dict[str, str]:
    if org is None:
        return {"naam": "", "brin": "", "adres": "", "plaats": "", "leerbedrijf_id": ""}
    return {
        "naam": org.naam,
        "brin": org.brin,
        "adres": org.volledig_adres,
        "plaats": org.plaats,
        "leerbedrijf_id": org.leerbedrijf_id,
    }


def standaard_inhoud(traject: Traject, soort: str, actor: User | None) -> dict[str, Any]:
    """The content of a first version, from the traject as agreed."""
    d = traject.deelnemer
    tws = traject.traject_werkprocessen.select_related(
        "werkproces__kwalificatie", "werkproces__kerntaak"
    ).order_by("werkproces__kwalificatie__crebo", "werkproces__code")
    kwalificaties: dict[str, dict[str, str]] = {}
    werkprocessen = []
    for tw in tws:
        k = tw.werkproces.kwalificatie
        kwalificaties[k.crebo] = {"crebo": k.crebo, "naam": k.naam, "niveau": k.niveau}
        werkprocessen.append(
            {"crebo": k.crebo, "code": tw.werkproces.code, "naam": tw.werkproces.naam}
        )
    lb = traject.leerbedrijf
    mbo_contact = d.mbo_contact if d.mbo_contact_id else actor
    inhoud: dict[str, Any] = {
        "soort": soort,
        "startdatum": traject.startdatum.isoformat() if traject.startdatum else "",
        "einddatum": traject.geplande_einddatum.isoformat() if traject.geplande_einddatum else "",
        "deelnemer": {
            "naam": str(d),
            "geboortedatum": d.geboortedatum.isoformat(),
            "minderjarig": minderjarig(traject),
        },
        "partijen": standaard_partijen(traject, soort, actor),
        "route": traject.get_route_display(),
        "route_code": traject.route,
        "leerweg": "bbl" if traject.route == TrajectRoute.BBL else "derde leerweg",
        "kwalificaties": list(kwalificaties.values()),
        "mbo_instelling": traject.mbo_instelling.naam if traject.mbo_instelling else "",
        "mbo": _organisatie(traject.mbo_instelling),
        "mbo_contact": _contact(mbo_contact),
        "leerbedrijf": _organisatie(lb),
    }
    if soort == OvereenkomstSoort.OOK:
        inhoud["kosten_betaald_door"] = traject.kosten_betaald_door or financiering_label(
            traject.financieringsbron
        )
        inhoud["extra_onderwijs"] = traject.extra_onderwijs
    if soort in (OvereenkomstSoort.POK, OvereenkomstSoort.PLOK):
        inhoud["praktijkopleider"] = _persoon(traject.praktijkopleider)[0]
        inhoud["uren_per_week"] = traject.uren_per_week
    if soort == OvereenkomstSoort.POK:
        inhoud["werkprocessen"] = werkprocessen
        inhoud["jobcoach"] = _contact(traject.jobcoach)
        inhoud["bpv_adres"] = traject.bpv_adres or (lb.volledig_adres if lb else "")
        inhoud["erkenningen"] = referenties(leerbedrijf=lb, kwalificaties=traject.kwalificaties())
        inhoud.update(STANDAARD_TEKST)
    if soort == OvereenkomstSoort.PLOK:
        inhoud["financiering"] = financiering_label(traject.financieringsbron)
        inhoud["loon_of_uitkering"] = traject.loon_of_uitkering
    return inhoud


def _datum(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def controleer(soort: str, inhoud: dict[str, Any]) -> list[str]:
    """Everything that must be present in one agreement before it may be signed, each failure
    named (in the user's language)."""
    label = OvereenkomstSoort(soort).name
    fouten: list[str] = []
    start, eind = _datum(inhoud.get("startdatum", "")), _datum(inhoud.get("einddatum", ""))
    if start is None:
        fouten.append(_("%(soort)s: the start date is missing.") % {"soort": label})
    if eind is None:
        fouten.append(_("%(soort)s: the end date is missing.") % {"soort": label})
    if start and eind and eind <= start:
        fouten.append(_("%(soort)s: the end date must be after the start date.") % {"soort": label})
    if soort == OvereenkomstSoort.PLOK and start and eind and weken(start, eind) > PLOK_MAX_WEKEN:
        fouten.append(
            _("PLOK: it runs %(weken)d weeks; a PLOK may run at most %(max)d weeks.")
            % {"weken": weken(start, eind), "max": PLOK_MAX_WEKEN}
        )
    if soort == OvereenkomstSoort.OOK:
        fouten += _controleer_ook(inhoud)
    if soort == OvereenkomstSoort.PLOK:
        fouten += _controleer_plok(inhoud)
    if soort == OvereenkomstSoort.POK:
        if not inhoud.get("praktijkopleider"):
            fouten.append(_("POK: the praktijkopleider is missing."))
        if not inhoud.get("uren_per_week"):
            fouten.append(_("POK: the hours per week are missing."))
        if not inhoud.get("werkprocessen"):
            fouten.append(_("POK: the werkprocessen are missing."))
        if not str(inhoud.get("bpv_adres", "")).strip():
            fouten.append(_("POK: the BPV address is missing: record the leerbedrijf's address."))
        for veld, naam in (
            ("begeleiding", _("guidance and contact with the mbo")),
            ("beoordeling", _("assessment")),
            ("beeindiging", _("early termination")),
        ):
            if not str(inhoud.get(veld, "")).strip():
                fouten.append(_("POK: the clause on %(veld)s is missing.") % {"veld": naam})
    for partij in inhoud.get("partijen", []):
        rol = PartijRol(partij["rol"]).label
        if partij["rol"] not in ZONDER_ORGANISATIE and not partij.get("organisatie_id"):
            fouten.append(
                _("%(soort)s: the organisation of the party %(rol)s is missing.")
                % {"soort": label, "rol": rol}
            )
        if not str(partij.get("naam", "")).strip():
            fouten.append(
                _("%(soort)s: the name of the signatory for %(rol)s is missing.")
                % {"soort": label, "rol": rol}
            )
        # No e-mail address: that party signs in person (or on paper) at the mbo-instelling.
        try:
            if partij.get("email"):
                validate_email(partij["email"])
        except ValidationError:
            fouten.append(
                _("%(soort)s: the signatory's e-mail address for %(rol)s is invalid.")
                % {"soort": label, "rol": rol}
            )
    rollen = {p["rol"] for p in inhoud.get("partijen", [])}
    if (
        soort in VERTEGENWOORDIGD
        and inhoud.get("deelnemer", {}).get("minderjarig")
        and PartijRol.VERTEGENWOORDIGER not in rollen
    ):
        fouten.append(
            _("%(soort)s: the participant is under 18 at the start: the legal representative "
              "must co-sign.") % {"soort": label}
        )  # fmt: skip
    return fouten


def _controleer_ook(inhoud: dict[str, Any]) -> list[str]:
    fouten = []
    if not inhoud.get("kwalificaties"):
        fouten.append(_("OOK: the opleiding (crebo) is missing: agree werkprocessen first."))
    mbo = inhoud.get("mbo", {})
    if not mbo.get("brin"):
        fouten.append(_("OOK: the BRIN code of the mbo-instelling is missing: record it with the "
                        "organisation."))  # fmt: skip
    if not mbo.get("adres"):
        fouten.append(_("OOK: the address of the mbo-instelling is missing: record it with the "
                        "organisation."))  # fmt: skip
    if not inhoud.get("mbo_contact", {}).get("naam"):
        fouten.append(_("OOK: the mbo contact person is missing."))
    if not str(inhoud.get("kosten_betaald_door", "")).strip():
        fouten.append(_("OOK: who pays the costs is missing: record the funding of the traject."))
    return fouten


def _controleer_plok(inhoud: dict[str, Any]) -> list[str]:
    fouten = []
    if not inhoud.get("uren_per_week"):
        fouten.append(_("PLOK: the hours per week are missing: they are the basis of the subsidy."))
    if not inhoud.get("loon_of_uitkering"):
        fouten.append(_("PLOK: record whether the participant earns a wage or keeps the benefit."))
    return fouten
