"""The reasons of the import's errors and warnings: a fixed English text with `%(name)s` values
(what the command line prints, the msgid a page translates), the title of its group and what
the user should do (see `praktijkleren.importmeldingen`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

from kwalificaties.meldingen import (
    GEEN_CREBO,
    GEEN_KERNTAAK,
    GEEN_NIVEAU,
    GEEN_WERKPROCES_VAN,
    KERNTAAK_ANDERS,
    KWALIFICATIE_ANDERS,
)
from praktijkleren.importing import GEEN_DATUM, SPREADSHEET, TE_LANG, VERPLICHT
from praktijkleren.importmeldingen import reden

# Declared lower down (the kwalificaties import and the kernel report them too).
__all__ = [
    "GEEN_CREBO", "GEEN_DATUM", "GEEN_KERNTAAK", "GEEN_NIVEAU", "GEEN_WERKPROCES_VAN",
    "KERNTAAK_ANDERS", "KWALIFICATIE_ANDERS", "SPREADSHEET", "TE_LANG", "VERPLICHT",
]  # fmt: skip

_WAARDE = _("Correct the value in the named column on these lines and upload the file again.")

# --- files and values ----------------------------------------------------------------------------
GEEN_BESTANDEN = reden(
    gettext_noop("none of pilots, kwalificaties, deelnemers, verklaringen (.csv or .xlsx)"),
    _("No file to import"),
    _("Name the files pilots, deelnemers or verklaringen (.csv or .xlsx)."),
)
REGELEINDE = reden(
    gettext_noop("contains a line break or control character"),
    _("Line break or control character in a value"),
    _("Put these values on one line and remove invisible characters."),
)
JAAR_BUITEN = reden(
    gettext_noop("'%(waarde)s' is not between %(min)s and %(max)s"),
    _("Date out of range"),
    _("Check the year of these dates."),
)
GEEN_GETAL = reden(
    gettext_noop("'%(waarde)s' is not a whole number of at least %(minimum)s"),
    _("Not a whole number"),
    _WAARDE,
)
DUBBEL = reden(
    gettext_noop("appears twice (first on line %(regel)s)"),
    _("Appears twice in the file"),
    _("Keep one row per record: remove or merge the duplicate rows."),
)

# --- pilots --------------------------------------------------------------------------------------
ANDERE_PILOT = reden(
    gettext_noop("'%(code)s' is not your pilot (%(pilot)s)"),
    ngettext_lazy(
        "%(n)d row belongs to another pilot (code %(waarden)s) and is refused",
        "%(n)d rows belong to another pilot (codes %(waarden)s) and are refused",
        "n",
    ),
    _(
        "Here you import only your own pilot's registrations. Remove these rows from the file "
        "(or ask the beheerder to import them); nothing is stored until the file holds only "
        "your pilot."
    ),
    verzamel="code",
)
ONBEKENDE_PILOT = reden(
    gettext_noop("unknown pilot '%(code)s'"),
    ngettext_lazy(
        "Unknown pilot (%(waarden)s, %(n)d row)", "Unknown pilot (%(waarden)s, %(n)d rows)", "n"
    ),
    _("Check the pilot code, or add the pilot to pilots.csv first."),
    verzamel="code",
)
GEEN_SLUG = reden(
    gettext_noop("'%(code)s' is not a slug (letters, digits, - and _)"),
    _("Invalid pilot code"),
    _("Use only letters, digits, - and _ in a pilot code."),
)
PILOT_SOORT = reden(
    gettext_noop("'%(waarde)s' is not regionaal or landelijk"),
    _("Unknown kind of pilot"),
    _("Fill in regionaal or landelijk."),
)

# --- kwalificaties -------------------------------------------------------------------------------
LANDELIJK = reden(
    gettext_noop(
        "the kwalificatiestructuur is national reference data; it cannot be imported for one pilot"
    ),
    _("Qualifications cannot be imported for one pilot"),
    _("Leave kwalificaties out of this upload; the beheerder loads the kwalificatiestructuur."),
)

# --- deelnemers and verklaringen -----------------------------------------------------------------
GESLACHT = reden(
    gettext_noop("'%(waarde)s' is not M, V or X"),
    _("Unknown geslacht"),
    _("Fill in M, V or X, or leave it empty."),
)
STATUS = reden(
    gettext_noop("'%(waarde)s' is not aangemeld, in_traject, afgerond or gestopt"),
    _("Unknown status"),
    _("Fill in aangemeld, in_traject, afgerond or gestopt, or leave it empty."),
)
EIND_VOOR_START = reden(
    gettext_noop("is before the inschrijfdatum"),
    _("Einddatum before the inschrijfdatum"),
    _("Check the einddatum and the inschrijfdatum of these participants."),
)
NIEUW_LEERBEDRIJF = reden(
    gettext_noop("required for the new leerbedrijf %(id)s"),
    _("Name of a new leerbedrijf is missing"),
    _("Fill in leerbedrijf_naam for a leerbedrijf_id the product does not know yet."),
)
DEELNEMER_AFGEKEURD = reden(
    gettext_noop("the participant's row in deelnemers has errors"),
    _("Participant's row has errors"),
    _("Correct the participant's row in deelnemers first; then these lines are imported too."),
)
ONBEKENDE_DEELNEMER = reden(
    gettext_noop("unknown participant '%(id)s' of pilot %(pilot)s"),
    _("Unknown participant"),
    _("Check the deelnemer_id, or add the participant to deelnemers in the same upload."),
)
GEEN_INSTELLING = reden(
    gettext_noop("the participant has no mbo-instelling"),
    _("Participant without mbo-instelling"),
    _("Fill in the participant's mbo_instelling in deelnemers."),
)
ONBEKEND_WERKPROCES = reden(
    gettext_noop("'%(item)s' is not a crebo:werkproces_code in the kwalificatiestructuur"),
    _("Unknown crebo or werkproces"),
    _(
        "Check the crebo and werkproces code in the kwalificatiedossier (written as "
        "crebo:code, like 25655:B1-K1-W1), or have the beheerder import the kwalificatie first."
    ),
)
GEEN_WERKPROCES = reden(
    gettext_noop("no werkproces listed"),
    _("No werkproces listed"),
    _("List at least one werkproces as crebo:code, separated by ;."),
)

# --- the run -------------------------------------------------------------------------------------
TEGELIJK = reden(
    gettext_noop("the same records were changed at the same time; nothing was stored, try again"),
    _("Changed at the same time"),
    _("Nothing was stored. Upload the files again in a moment."),
)
ONVERWACHT = reden(
    gettext_noop("the import stopped unexpectedly"),
    _("The import stopped unexpectedly"),
    _("Nothing was stored. Upload the files again; if it happens again, contact the beheerder."),
)

# --- warnings (they do not stop the import) ------------------------------------------------------
KWALIFICATIE_BEHOUDEN = reden(
    gettext_noop("differs from the kwalificatiestructuur (kept)"),
    _("Differs from the kwalificatiestructuur"),
    _("What the product holds is kept; no action is needed."),
)
LEERBEDRIJF_BEHOUDEN = reden(
    gettext_noop("differs from the registered name of this leerbedrijf (kept)"),
    _("Differs from the registered name of the leerbedrijf"),
    _("The registered name is kept; no action is needed."),
)
