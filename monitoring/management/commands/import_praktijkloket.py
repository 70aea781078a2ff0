from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilots.models import Pilot

from ...importeren import importeer_praktijkloket


class Command(BaseCommand):
    help = (
        "Import pilots.csv, kwalificaties.csv, deelnemers.csv and verklaringen.csv (or .xlsx) "
        "from DIR, all or nothing (see ../shared/formats/IMPORT_EXPORT.md). Imported "
        "verklaringen are registered as issued outside the product (no PDF, no seal). The "
        "kwalificatiestructuur is never changed: only what it lacks is added, and a differing "
        "name is a warning."
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
        # Warnings (a value that differs from what the product holds, which is kept) do not
        # stop the import; they are listed like errors, `file:line: column: reason`.
        for message in result.errors:
            self.stderr.write(message)
        for message in result.warnings:
            self.stderr.write(message, style_func=self.style.WARNING)
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s); nothing was stored.")
        for line in result.samenvatting():
            self.stdout.write(line)
        if result.warnings:
            self.stdout.write(
                f"{len(result.warnings)} warning(s): the values that differ were kept as the "
                "product holds them (listed on stderr)."
            )
        if result.dry_run:
            self.stdout.write("Dry run: nothing was stored.")
