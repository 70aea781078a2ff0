"""Tenancy-matrix cases for loading the kwalificatiestructuur in the browser (merged into
tests/test_tenancy_matrix.py): national reference data, so only the beheerder uploads, previews
and confirms; every other role gets 403, anonymous the login page."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from kwalificaties.models import KwalificatieImport

from .conftest import World
from .matrix_support import BH, Case, Variant, statuses

CREBOLIJST = (
    b"crebo,kwalificatie,kwalificatiedossier,dossier_crebo,niveau,domein,versie,bron\n"
    b"99001,Testmedewerker,Testdossier,99000,2,Zorg en welzijn,2025,SBB register\n"
)
BEHEERDER = statuses(403, **{BH: 200})
BEHEERDER_POST = statuses(403, **{BH: 302})


def _upload(w: World) -> dict[str, Any]:
    return {"crebolijst": SimpleUploadedFile("crebolijst.csv", CREBOLIJST, "text/csv")}


def _imp(w: World) -> dict[str, Any]:
    return {"pk": w.extra["kwalificatie_import"].pk}


CASES: dict[str, Case] = {
    "kwalificaties:import-upload": Case(
        [
            Variant("-", lambda w: {}, BEHEERDER),
            Variant("-", lambda w: {}, BEHEERDER_POST, method="post", data=_upload),
        ]
    ),
    "kwalificaties:import": Case([Variant("-", _imp, BEHEERDER)]),
    "kwalificaties:import-bevestig": Case(
        [Variant("-", _imp, BEHEERDER_POST, method="post", data=lambda w: {})]
    ),
}


def setup(world: World) -> None:
    imp = KwalificatieImport(crebolijst_naam="crebolijst.csv")
    imp.crebolijst.save("crebolijst.csv", ContentFile(CREBOLIJST), save=False)
    imp.save()
    world.extra["kwalificatie_import"] = imp
