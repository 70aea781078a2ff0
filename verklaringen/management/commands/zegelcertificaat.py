"""Install the PKCS#12 file an mbo-instelling seals its verklaringen with.

    manage.py zegelcertificaat --organisatie 25PX --bestand roc.p12

The password is read from $ZEGELCERTIFICAAT_WACHTWOORD (or the variable named with
--wachtwoord-env) or asked for on the terminal; never from the command line, where it would end
up in the shell history and the process list.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pilots.models import Organisatie

from ...zegel import configureer_certificaat

WACHTWOORD_ENV = "ZEGELCERTIFICAAT_WACHTWOORD"


class Command(BaseCommand):
    help = "Install the seal certificate (PKCS#12) of an mbo-instelling."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisatie", required=True, help="The mbo-instelling: its id or BRIN code."
        )
        parser.add_argument("--bestand", required=True, help="The PKCS#12 file (.p12 or .pfx).")
        parser.add_argument(
            "--wachtwoord-env",
            default=WACHTWOORD_ENV,
            help=f"Environment variable holding the password (default {WACHTWOORD_ENV}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisatie = self._organisatie(options["organisatie"])
        pad = Path(options["bestand"])
        try:
            data = pad.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {pad}: {exc.strerror}") from exc
        wachtwoord = self._wachtwoord(options["wachtwoord_env"])
        try:
            certificaat = configureer_certificaat(
                organisatie=organisatie, pkcs12=data, wachtwoord=wachtwoord
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        geldig_tot = f"{certificaat.geldig_tot:%Y-%m-%d}" if certificaat.geldig_tot else "-"
        self.stdout.write(
            self.style.SUCCESS(
                f"Seal certificate installed for {organisatie.naam}: "
                f"{certificaat.onderwerp} (valid until {geldig_tot})."
            )
        )

    def _organisatie(self, waarde: str) -> Organisatie:
        waarde = waarde.strip()
        qs = Organisatie.objects.all()
        organisatie = (
            qs.filter(pk=int(waarde)).first()
            if waarde.isdigit()
            else qs.filter(brin__iexact=waarde).first()
        )
        if organisatie is None:
            raise CommandError(f"No organisation with id or BRIN {waarde!r}.")
        return organisatie

    def _wachtwoord(self, env_naam: str) -> str:
        if env_naam in os.environ:
            return os.environ[env_naam]
        if not sys.stdin.isatty():
            raise CommandError(f"Set ${env_naam} or run the command on a terminal.")
        return getpass.getpass("Password of the PKCS#12 file: ")
