"""The reasons of the kwalificaties import's errors (see `praktijkleren.importmeldingen`): a fixed
English text with `%(name)s` values, the title of its group and what to do. The registration
import (monitoring) reports the same checks with the same reasons."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from praktijkleren.importmeldingen import reden

GEEN_CREBO = reden(
    gettext_noop("'%(crebo)s' is not a five-digit crebo number"),
    _("Invalid crebo"),
    _("A crebo has five digits; check it in the kwalificatiedossier."),
)

GEEN_NIVEAU = reden(
    gettext_noop("'%(waarde)s' is not one of Entree, 2, 3, 4"),
    _("Unknown niveau"),
    _("Fill in Entree, 2, 3 or 4."),
)

GEEN_KERNTAAK = reden(
    gettext_noop("'%(code)s' is not a kerntaak code like B1-K1"),
    _("Invalid kerntaak code"),
    _("Write kerntaak codes as in the kwalificatiedossier, like B1-K1."),
)

GEEN_WERKPROCES_VAN = reden(
    gettext_noop("'%(code)s' is not a werkproces of kerntaak %(kerntaak)s"),
    _("Werkproces does not belong to its kerntaak"),
    _("Write werkproces codes as their kerntaak code followed by -W and a number, like B1-K1-W1."),
)

KWALIFICATIE_ANDERS = reden(
    gettext_noop("differs from line %(regel)s for crebo %(crebo)s ('%(waarde)s')"),
    _("One crebo described in different ways"),
    _("Give each crebo the same name, niveau and domein on every line."),
)

KERNTAAK_ANDERS = reden(
    gettext_noop("differs from line %(regel)s for %(crebo)s %(kerntaak)s"),
    _("One kerntaak named in different ways"),
    _("Give each kerntaak the same name on every line."),
)

TWEE_KEER = reden(
    gettext_noop("%(sleutel)s appears twice (first on line %(regel)s)"),
    _("Appears twice in the file"),
    _("Keep one row per record: remove or merge the duplicate rows."),
)
TOT_VOOR_VANAF = reden(
    gettext_noop("is before geldig_vanaf"),
    _("geldig_tot before geldig_vanaf"),
    _("Check the dates geldig_vanaf and geldig_tot."),
)
DOSSIER_ANDERS = reden(
    gettext_noop("differs from line %(regel)s for dossier %(dossier)s ('%(waarde)s')"),
    _("One dossier described in different ways"),
    _("Give each dossier the same versie and bron on every line."),
)
DOSSIER_NAAM = reden(
    gettext_noop("dossier %(code)s is named '%(naam)s' on line %(regel)s"),
    _("One dossier named in different ways"),
    _("Give each dossier_crebo the same kwalificatiedossier name on every line."),
)
ONBEKENDE_KWALIFICATIE = reden(
    gettext_noop("unknown kwalificatie %(crebo)s (not in the crebo list nor stored)"),
    _("Unknown kwalificatie"),
    _("Add the crebo to the crebo list, or check it in the kwalificatiedossier."),
)
