import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilots.models import Pilot

from ...export import als_csv, als_tabellen, als_xlsx, monitor_export


def _peildatum(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--peildatum: '{value}' is not a date (YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Export the monitor figures on a peildatum (see ../shared/formats/IMPORT_EXPORT.md): "
        "participants with inschrijfdatum <= peildatum and their verklaringen in the register "
        "(issued in the product or imported) with status geldig and datum_afgifte <= peildatum; "
        "revoked and superseded ones are not counted. Counts only, no personal data."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--peildatum", required=True, help="YYYY-MM-DD")
        parser.add_argument("--pilot", help="Only this pilot (code).")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument(
            "--aanvullend",
            action="store_true",
            help="Add the additional tables (docs/monitoring.md) after the contract's.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="File (json, xlsx) or folder (csv: one file per table). JSON: stdout if absent.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        peildatum = _peildatum(options["peildatum"])
        pilot = None
        if options["pilot"]:
            pilot = Pilot.objects.filter(code=options["pilot"]).first()
            if pilot is None:
                raise CommandError(f"Unknown pilot '{options['pilot']}'.")
        output: Path | None = options["output"]
        fmt = options["format"]
        if fmt != "json" and output is None:
            raise CommandError(f"--format {fmt} needs --output.")
        data = monitor_export(peildatum=peildatum, pilot=pilot, aanvullend=options["aanvullend"])
        if fmt == "json":
            text = json.dumps(data, indent=1, ensure_ascii=False)
            if output is None:
                self.stdout.write(text)
            else:
                output.write_text(text, encoding="utf-8")
            return
        assert output is not None
        if fmt == "csv":
            output.mkdir(parents=True, exist_ok=True)
            for naam, text in als_csv(als_tabellen(data)).items():
                (output / naam).write_text(text, encoding="utf-8")
        else:
            output.write_bytes(als_xlsx(als_tabellen(data)))
        self.stdout.write(f"Written to {output}")
