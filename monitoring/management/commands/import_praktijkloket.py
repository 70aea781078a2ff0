from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilots.models import Pilot

from ...importeren import importeer_praktijkloket


class Command(BaseCommand):
    help = (
        "Import pilots.csv, kwalificaties.csv, deelnemers.csv and verklaringen.csv (or .xlsx) "
        "from DIR, all or nothing (see ../shared/formats/IMPORT_EXPORT.md). Imported "
        "verklaringen are registered as issued outside the product (no PDF, no seal)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("dir", type=Path)
        parser.add_argument("--pilot", help="Every row must belong to this pilot (code).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but store nothing."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        folder: Path = options["dir"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        pilot = None
        if options["pilot"]:
            pilot = Pilot.objects.filter(code=options["pilot"]).first()
            if pilot is None:
                raise CommandError(f"Unknown pilot '{options['pilot']}'.")
        result = importeer_praktijkloket(map=folder, pilot=pilot, dry_run=options["dry_run"])
        if result.errors:
            for message in result.errors:
                self.stderr.write(message)
            raise CommandError(f"{len(result.errors)} error(s); nothing was stored.")
        for line in result.samenvatting():
            self.stdout.write(line)
        if result.dry_run:
            self.stdout.write("Dry run: nothing was stored.")
