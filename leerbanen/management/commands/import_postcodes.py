from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from praktijkleren.importing import ImportFailed

from ...postcodes import importeer_postcodes


class Command(BaseCommand):
    help = (
        "Import a table of 4-digit postcode centroids (CSV with columns postcode4, lat, lon and "
        "optionally bron; see docs/matching.md). All or nothing, idempotent."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument(
            "--bron", default="", help="where the coordinates come from (when no bron column)"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            resultaat = importeer_postcodes(options["file"], bron=options["bron"])
        except ImportFailed as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("%(n)d error(s); nothing was stored.") % {"n": len(exc.messages)}
            ) from exc
        self.stdout.write(str(resultaat))
