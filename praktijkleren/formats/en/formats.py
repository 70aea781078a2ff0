"""The English interface keeps the Dutch order of day, month and year (docs/dates.md): the
platform serves Dutch pilots, and "03/12/2026" would read as 3 December to a Dutch reader."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
