from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieSoort(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    UWV = "uwv", _("UWV")
    MBO_INSTELLING = "mbo_instelling", _("Mbo-instelling")
    LEERBEDRIJF = "leerbedrijf", _("Leerbedrijf")
    SW_BEDRIJF = "sw_bedrijf", _("Sw-bedrijf")
    REINTEGRATIEBEDRIJF = "reintegratiebedrijf", _("Re-integratiebedrijf")
    WERKBEDRIJF = "werkbedrijf", _("Werkbedrijf")
    WERKGEVERSSERVICEPUNT = "werkgeversservicepunt", _("Werkgeversservicepunt")
    LEERWERKLOKET = "leerwerkloket", _("Leerwerkloket")
    RMC = "rmc", _("RMC")
    SBB = "sbb", _("SBB")
    ANDERS = "anders", _("Other")


class PilotSoort(models.TextChoices):
    REGIONAAL = "regionaal", _("Regional")
    LANDELIJK = "landelijk", _("National")


class PartnerRol(models.TextChoices):
    PENVOERDER = "penvoerder", _("Penvoerder (lead partner)")
    CENTRUMGEMEENTE = "centrumgemeente", _("Centrumgemeente")
    OPLEIDER = "opleider", _("Training provider (mbo)")
    VERWIJZER = "verwijzer", _("Referring partner")
    LEERBEDRIJF = "leerbedrijf", _("Leerbedrijf")
    WERKGEVERSDIENSTVERLENING = "werkgeversdienstverlening", _("Employer services")
    STUURGROEP = "stuurgroep", _("Steering group member")
    OVERIG = "overig", _("Other partner")


class Financieringsbron(models.TextChoices):
    MOBILITEITSTEAM = "mobiliteitsteam", _("Regionaal mobiliteitsteam")
    PERSPECTIEF_OP_WERK = "perspectief_op_werk", _("Perspectief op Werk")
    GEMEENTE = "gemeente", _("Gemeente")
    UWV = "uwv", _("UWV")
    ESF = "esf", _("ESF")
    RIF = "rif", _("RIF (regionaal investeringsfonds)")
    SECTORFONDS = "sectorfonds", _("Sector fund")
    EIGEN_BIJDRAGE = "eigen_bijdrage", _("Own contribution")
    CRISISREGELING = "crisisregeling", _("Crisis scheme (training costs, employer subsidy)")
    OVERIG = "overig", _("Other")


# The funding schemes that need a PLOK (plaatsingsovereenkomst): DOMAIN.md, step 5.
PLOK_FINANCIERINGSBRONNEN = frozenset(
    {
        Financieringsbron.MOBILITEITSTEAM,
        Financieringsbron.GEMEENTE,
        Financieringsbron.UWV,
        Financieringsbron.PERSPECTIEF_OP_WERK,
    }
)
