"""Demo data for `make run` (loaded by `praktijkleren.demo.seed_demo`): the organisations, shared
by the pilots, and the three pilots with their partners. Never imported in production."""

from __future__ import annotations

from datetime import date
from typing import Any

from .constants import Financieringsbron as F
from .constants import OrganisatieSoort as S
from .constants import PartnerRol as R

ORGANISATIES: list[dict[str, Any]] = [
    {"key": "alkmaar", "naam": "Gemeente Alkmaar", "soort": S.GEMEENTE, "plaats": "Alkmaar"},
    {
        "key": "denhelder",
        "naam": "Gemeente Den Helder",
        "soort": S.GEMEENTE,
        "plaats": "Den Helder",
    },
    {"key": "tiel", "naam": "Gemeente Tiel", "soort": S.GEMEENTE, "plaats": "Tiel"},
    {
        "key": "uwv",
        "naam": "UWV Werkbedrijf Noord-Holland Noord",
        "soort": S.UWV,
        "plaats": "Alkmaar",
    },
    {
        "key": "roc",
        "naam": "ROC Kust en Rivier (demo)",
        "soort": S.MBO_INSTELLING,
        "adres": "Stationsweg 20",
        "postcode": "1815 CB",
        "plaats": "Alkmaar",
        "brin": "99KR",
        "bekostigd": True,
    },
    {
        "key": "vakcollege",
        "naam": "Vakcollege Betuwe (demo)",
        "soort": S.MBO_INSTELLING,
        "adres": "Kellenseweg 9",
        "postcode": "4004 JB",
        "plaats": "Tiel",
        "brin": "99VB",
        "bekostigd": False,
    },
    {
        "key": "groenwerk",
        "naam": "Groenwerk Noord BV",
        "soort": S.LEERBEDRIJF,
        "adres": "Middenweg 110",
        "postcode": "1704 BM",
        "plaats": "Heerhugowaard",
        "leerbedrijf_id": "100200300",
    },
    {
        "key": "logistiek",
        "naam": "Distributiecentrum De Linge",
        "soort": S.LEERBEDRIJF,
        "adres": "Industrieweg 4",
        "postcode": "4191 NX",
        "plaats": "Geldermalsen",
        "leerbedrijf_id": "100200301",
    },
    {
        "key": "zorg",
        "naam": "Zorggroep Duinrand",
        "soort": S.LEERBEDRIJF,
        "adres": "Loet 4",
        "postcode": "1741 BN",
        "plaats": "Schagen",
        "leerbedrijf_id": "100200302",
    },
    {
        "key": "sw",
        "naam": "Werkom sw-bedrijf",
        "soort": S.SW_BEDRIJF,
        "adres": "Boekelerdijk 13",
        "postcode": "1812 LV",
        "plaats": "Alkmaar",
        "leerbedrijf_id": "100200303",
    },
    {
        "key": "wsp",
        "naam": "Werkgeversservicepunt Noord-Holland Noord",
        "soort": S.WERKGEVERSSERVICEPUNT,
        "plaats": "Alkmaar",
    },
    {
        "key": "dji",
        "naam": "Dienst Justitiële Inrichtingen (demo)",
        "soort": S.ANDERS,
        "plaats": "Den Haag",
    },
    {"key": "sbb", "naam": "SBB", "soort": S.SBB, "plaats": "Zoetermeer"},
]

PILOTS: list[dict[str, Any]] = [
    {
        "code": "noorderkwartier",
        "naam": "Noorderkwartier",
        "soort": "regionaal",
        "tranche": 1,
        "arbeidsmarktregio": "Noord-Holland Noord",
        "startdatum": date(2018, 11, 1),
        "streefaantal": 100,
        "financieringsbronnen": [F.PERSPECTIEF_OP_WERK, F.GEMEENTE, F.ESF],
        "subregios": ["Kop van Noord-Holland", "Regio Alkmaar", "West-Friesland"],
        "partners": [
            ("alkmaar", R.CENTRUMGEMEENTE),
            ("denhelder", R.VERWIJZER),
            ("uwv", R.VERWIJZER),
            ("roc", R.OPLEIDER),
            ("groenwerk", R.LEERBEDRIJF),
            ("zorg", R.LEERBEDRIJF),
            ("sw", R.LEERBEDRIJF),
            ("wsp", R.WERKGEVERSDIENSTVERLENING),
            ("sbb", R.STUURGROEP),
        ],
    },
    {
        "code": "rivierenland",
        "naam": "Rivierenland",
        "soort": "regionaal",
        "tranche": 2,
        "arbeidsmarktregio": "Rivierenland",
        "startdatum": date(2019, 4, 1),
        "streefaantal": 120,
        "financieringsbronnen": [F.PERSPECTIEF_OP_WERK, F.UWV],
        "subregios": [],
        "partners": [
            ("tiel", R.CENTRUMGEMEENTE),
            ("vakcollege", R.OPLEIDER),
            ("roc", R.OPLEIDER),
            ("logistiek", R.LEERBEDRIJF),
            ("groenwerk", R.LEERBEDRIJF),
            ("sbb", R.STUURGROEP),
        ],
    },
    {
        "code": "justitie",
        "naam": "Justitie landelijk",
        "soort": "landelijk",
        "tranche": 1,
        "doelgroep": "Gedetineerden en ex-gedetineerden",
        "startdatum": date(2018, 11, 1),
        "streefaantal": 150,
        "financieringsbronnen": [F.OVERIG],
        "subregios": [],
        "partners": [
            ("dji", R.PENVOERDER),
            ("vakcollege", R.OPLEIDER),
            ("sw", R.LEERBEDRIJF),
            ("sbb", R.STUURGROEP),
        ],
    },
]
