"""How dates read in Dutch (docs/dates.md). Django's own Dutch formats fill in the rest.

Documents, e-mails and sentences: "12 maart 2026" (`DATE_FORMAT`, the default of `|date`).
Tables and other tight places: "12-03-2026" (`SHORT_DATE_FORMAT`), always two digits, so a column
of dates lines up. Times: 24 hours, no seconds ("12 maart 2026 14:05"). Machine formats (ISO in
exports, the API, file names and input values) are not affected.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
