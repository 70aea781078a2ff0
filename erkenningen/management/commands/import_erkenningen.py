from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from praktijkleren.importing import ImportFailed

from ...services import importeer


class Command(BaseCommand):
    help = (
        "Import a CSV of SBB's leerbedrijven register (columns leerbedrijf-ID, crebo, status, "
        "datum; see docs/erkenningen.md). All or nothing, idempotent."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            resultaat = importeer(options["file"])
        except ImportFailed as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("%(n)d error(s); nothing was stored.") % {"n": len(exc.messages)}
            ) from exc
        self.stdout.write(str(resultaat))
