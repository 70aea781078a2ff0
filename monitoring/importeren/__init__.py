"""Import of existing registrations (`import_praktijkloket`), contract in
../shared/formats/IMPORT_EXPORT.md.

Files are read in the order pilots, kwalificaties, deelnemers, verklaringen (`.csv`, or `.xlsx`
with the same header on the first sheet). Everything runs in one transaction; every error is
collected as `file:line: column: reason` and, when there is any, nothing is stored.

Mapping onto the models:
- pilots.csv -> `Pilot` (key `code`).
- kwalificaties.csv -> only what the kwalificatiestructuur does not hold yet (key crebo +
  werkproces_code): an unknown `Kwalificatie` as the file describes it, an unknown `Kerntaak` or
  `Werkproces` with herkomst `import`. Reference data is never changed: what is known is kept
  exactly as it is, and each differing value is a warning `file:line: column: differs from the
  kwalificatiestructuur (kept)` that does not stop the import (only `import_kwalificaties`
  changes the structure). Not allowed in a single-pilot upload (`pilot=`): the
  kwalificatiestructuur is national reference data.
- deelnemers.csv -> `Deelnemer` (key pilot + `referentie` = deelnemer_id): `aangemeld_op` =
  inschrijfdatum; `mbo_instelling` = the `Organisatie` of soort mbo_instelling with that name
  (created when unknown), made a partner (opleider) of the pilot. Status:
  aangemeld/in_traject/afgerond/gestopt map onto the `DeelnemerStatus` of the same name; an
  empty status is `afgerond` when an einddatum is given, else `in_traject`. Every participant
  gets one imported `Traject` (their first traject, created when missing): startdatum =
  inschrijfdatum, leerbedrijf = the organisation with `leerbedrijf_id` (created as a leerbedrijf
  with `leerbedrijf_naam` when unknown; a known one keeps its name, a differing name is a
  warning) and a partner (leerbedrijf), einddatum, and status gestopt/afgerond when an
  einddatum is given (gestopt only for status gestopt), gepland for status aangemeld, else
  lopend. No consent rows: nobody was referred here.
- verklaringen.csv -> `verklaringen.Registratie` with herkomst `extern` (no PDF, no seal), key
  pilot + participant + `volgnummer`. `nummer` is `EXT-` + its verification code, made once
  and kept on updates; `uitgegeven_op` = datum_afgifte; `werkprocessen` = the listed
  `crebo:werkproces_code` resolved in the kwalificatiestructuur, as printed on product-issued
  ones; `instelling` = the participant's mbo-instelling; `houder_naam` = the participant's name;
  `brancheorganisaties` = the `;`-separated names; status `geldig`. Its leerbedrijf becomes a
  partner (leerbedrijf) of the pilot.

Partners are added when the pilot does not have the organisation in that role yet, so an
imported pilot can agree new trajecten with them: with the same row and audit event as
`pilots.services.voeg_partner_toe`, for a batch at once.

The import streams (issue 16): each file is read row by row and handled in batches of
`settings.IMPORT_BATCH_SIZE` rows (1,000 by default): a batch is checked, what it names is looked
up with one query per kind (pilots, organisations, participants, register entries ... by their
keys), and what it adds or changes is written at once (`opslag.Opslag`: COPY or `bulk_create`,
`bulk_update`). Memory holds a batch, not a file, besides small maps per key the whole run needs
(the lines of the keys seen, for `appears twice`; the pilots, leerbedrijven and partnerships
named); queries grow with the batches, not the rows.

Imports run one at a time (a PostgreSQL advisory lock held by the transaction); should a record
still clash with one stored meanwhile, the import stores nothing and says so (no traceback).

A changed row updates its record; an unchanged row is not written at all, so importing the same
files twice changes nothing (not even `updated_at`) and lists the same warnings. One audit
event per pilot whose data changed records the counts; one per kwalificatie that got additions
names them.

Modules: `praktijkloket` runs the import (files in order, one transaction, the audit);
`bestanden` finds the files, hands out their rows in batches and checks single values; `lezen`
reads a CSV row by row; `context` holds `ImportContext`, the state the file importers share, and
`ImportResultaat`; `opslag` writes a batch; one module per file (`pilots`, `kwalificaties`,
`deelnemers`, `verklaringen`) imports it through the context;
`opdracht` is the browser import (preview, confirm, run, sweep); `meldingen` declares each
error's reason with the title of its group and what to do (the page shows them translated and
grouped, the command line prints the English `file:line: column: reason`); `wijzigingen` keeps
what an update changes (field: old -> new) for the preview.
"""

from .context import ImportResultaat
from .praktijkloket import importeer_praktijkloket

__all__ = ["ImportResultaat", "importeer_praktijkloket"]
