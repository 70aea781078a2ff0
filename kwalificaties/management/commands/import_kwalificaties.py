from django.core.management.base import BaseCommand, CommandError

from praktijkleren.importing import ImportFailed

from ...constants import Herkomst
from ...services import import_kwalificaties


class Command(BaseCommand):
    help = (
        "Import SBB's crebo list (CSV or XLSX; the XLSX may hold the werkprocessen in a sheet "
        "'werkprocessen') and the kerntaken and werkprocessen of the dossiers. A dossier's new "
        "version adds werkprocessen and retires those no longer in it. All or nothing."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", help="the crebo list (or a one-row-per-werkproces file)")
        parser.add_argument("--werkprocessen", help="kerntaken and werkprocessen (CSV or XLSX)")
        parser.add_argument(
            "--voorbeeld",
            action="store_true",
            help="mark what is created as example data (demo); never overwrites official rows",
        )
        parser.add_argument("--dry-run", action="store_true", help="list the changes only")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            result = import_kwalificaties(
                path=options["file"],
                werkprocessen=options["werkprocessen"],
                herkomst=Herkomst.VOORBEELD if options["voorbeeld"] else Herkomst.OFFICIEEL,
                dry_run=options["dry_run"],
            )
        except ImportFailed as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.messages)} error(s); nothing was stored.") from exc
        if options["dry_run"]:
            for kind, what, detail in result.wijzigingen:
                self.stdout.write(f"{kind}: {what}{f' ({detail})' if detail else ''}")
        self.stdout.write(
            f"kwalificaties: {result.kwalificaties_created} created, "
            f"{result.kwalificaties_updated} updated; werkprocessen: "
            f"{result.werkprocessen_created} created, {result.werkprocessen_updated} updated, "
            f"{result.werkprocessen_retired} retired"
            + (" (dry run: nothing stored)" if options["dry_run"] else "")
        )
