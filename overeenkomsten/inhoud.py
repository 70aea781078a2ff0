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

from pilots.constants import Financieringsbron, OrganisatieSoort
from pilots.models import Organisatie
from praktijkleren.models import User
from trajecten.models import Traject

from .constants import PARTIJEN, PLOK_MAX_WEKEN, OvereenkomstSoort, PartijRol

MOBILITEITSTEAM_SOORTEN = (OrganisatieSoort.GEMEENTE, OrganisatieSoort.UWV)

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
    partijen = []
    for rol in PARTIJEN[soort]:
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
    inhoud: dict[str, Any] = {
        "soort": soort,
        "startdatum": traject.startdatum.isoformat() if traject.startdatum else "",
        "einddatum": traject.geplande_einddatum.isoformat() if traject.geplande_einddatum else "",
        "deelnemer": {
            "naam": str(d),
            "geboortedatum": d.geboortedatum.isoformat(),
        },
        "partijen": standaard_partijen(traject, soort, actor),
        "route": traject.get_route_display(),
        "leerweg": "derde leerweg",
        "kwalificaties": list(kwalificaties.values()),
        "mbo_instelling": traject.mbo_instelling.naam if traject.mbo_instelling else "",
        "leerbedrijf": {
            "naam": lb.naam if lb else "",
            "plaats": lb.plaats if lb else "",
            "leerbedrijf_id": lb.leerbedrijf_id if lb else "",
        },
    }
    if soort in (OvereenkomstSoort.POK, OvereenkomstSoort.PLOK):
        inhoud["praktijkopleider"] = _persoon(traject.praktijkopleider)[0]
        inhoud["uren_per_week"] = traject.uren_per_week
    if soort == OvereenkomstSoort.POK:
        inhoud["werkprocessen"] = werkprocessen
        inhoud.update(STANDAARD_TEKST)
    if soort == OvereenkomstSoort.PLOK:
        bron = traject.financieringsbron
        inhoud["financiering"] = (
            str(Financieringsbron(bron).label) if bron in Financieringsbron.values else bron
        )
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
    if soort == OvereenkomstSoort.OOK and not inhoud.get("kwalificaties"):
        fouten.append(_("OOK: the opleiding (crebo) is missing: agree werkprocessen first."))
    if soort == OvereenkomstSoort.POK:
        if not inhoud.get("praktijkopleider"):
            fouten.append(_("POK: the praktijkopleider is missing."))
        if not inhoud.get("uren_per_week"):
            fouten.append(_("POK: the hours per week are missing."))
        if not inhoud.get("werkprocessen"):
            fouten.append(_("POK: the werkprocessen are missing."))
        for veld, naam in (
            ("begeleiding", _("guidance and contact with the mbo")),
            ("beoordeling", _("assessment")),
            ("beeindiging", _("early termination")),
        ):
            if not str(inhoud.get(veld, "")).strip():
                fouten.append(_("POK: the clause on %(veld)s is missing.") % {"veld": naam})
    for partij in inhoud.get("partijen", []):
        rol = PartijRol(partij["rol"]).label
        if partij["rol"] != PartijRol.DEELNEMER and not partij.get("organisatie_id"):
            fouten.append(
                _("%(soort)s: the organisation of the party %(rol)s is missing.")
                % {"soort": label, "rol": rol}
            )
        if not str(partij.get("naam", "")).strip():
            fouten.append(
                _("%(soort)s: the name of the signatory for %(rol)s is missing.")
                % {"soort": label, "rol": rol}
            )
        try:
            validate_email(partij.get("email", ""))
        except ValidationError:
            fouten.append(
                _("%(soort)s: the signatory's e-mail address for %(rol)s is missing or invalid.")
                % {"soort": label, "rol": rol}
            )
    return fouten
