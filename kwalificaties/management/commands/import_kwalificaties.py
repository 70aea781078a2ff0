from django.core.management.base import BaseCommand, CommandError

from praktijkleren.importing import ImportFailed

from ...services import import_kwalificaties


class Command(BaseCommand):
    help = "Import a kwalificaties.csv file (see ../shared/formats/IMPORT_EXPORT.md)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            result = import_kwalificaties(path=options["file"])
        except ImportFailed as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.messages)} error(s); nothing was stored.") from exc
        self.stdout.write(
            f"kwalificaties: {result.kwalificaties_created} created, "
            f"{result.kwalificaties_updated} updated; werkprocessen: "
            f"{result.werkprocessen_created} created, {result.werkprocessen_updated} updated"
        )
