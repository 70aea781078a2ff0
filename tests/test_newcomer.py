"""Two commands a newcomer can follow on a fresh machine (issue 15): `make run PORT=...` points
every link at the server it starts, the dev console prints e-mails readably, and every path and
button the README names exists in a fresh clone."""

from __future__ import annotations

import io
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from praktijkleren.mail_console import EmailBackend as ConsoleBackend
from verklaringen.document import verificatie_url
from verklaringen.services import verificatie_link

from .shared_formats import formats_dir

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PO = (ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po").read_text()


def _make_n(*args: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


class TestSiteUrlFollowsPort:
    def test_make_run_on_another_port_points_the_demo_and_the_server_at_it(self) -> None:
        lines = _make_n("run", "PORT=8123")
        seed = [line for line in lines if "seed_demo" in line]
        server = [line for line in lines if "runserver" in line]
        assert seed and server
        for line in seed + server:
            assert "SITE_URL=http://127.0.0.1:8123 " in line, line
        assert server[0].endswith("runserver 127.0.0.1:8123")

    def test_a_site_url_given_is_kept(self) -> None:
        (server,) = [
            line
            for line in _make_n("run", "PORT=8123", "SITE_URL=https://demo.example.org")
            if "runserver" in line
        ]
        assert "SITE_URL=https://demo.example.org " in server

    def test_the_dev_settings_follow_port_without_make(self) -> None:
        code = "from django.conf import settings; print(settings.SITE_URL)"
        env = {
            "PATH": "/usr/bin:/bin",
            "PORT": "8123",
            "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.dev",
        }
        result = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr

    def test_the_verification_link_and_the_qr_code_use_site_url(self, settings) -> None:
        settings.SITE_URL = "http://127.0.0.1:8123/"
        assert verificatie_link("ABCD1234EFGH") == "http://127.0.0.1:8123/verificatie/ABCD1234EFGH/"
        assert verificatie_url("ABCD1234EFGH") == "http://127.0.0.1:8123/verificatie/ABCD1234EFGH/"


class TestConsoleMail:
    def test_the_dev_default_is_the_readable_console(self) -> None:
        code = "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])"
        result = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "praktijkleren.settings.dev"},
        )  # fmt: skip
        assert result.stdout.strip() == "praktijkleren.mail_console.EmailBackend", result.stderr

    def test_an_email_prints_as_text_with_whole_links_and_its_attachments(self) -> None:
        link = "http://127.0.0.1:8123/ondertekenen/" + "Kx7-_aZ" * 12 + "/"
        message = EmailMultiAlternatives(
            "Ondertekenen: OOK voor Zoë Ünal",
            f"Beste Zoë Ünal,\n\nOnderteken de OOK online:\n\n{link}\n\nGroet, José\n",
            settings.DEFAULT_FROM_EMAIL,
            ["zoe@example.test"],
        )
        message.attach_alternative("<p>Beste Zoë</p>", "text/html")
        message.attach("MV-2026-0001.pdf", b"%PDF-1.7\n" + b"x" * 1000, "application/pdf")
        stream = io.StringIO()
        assert ConsoleBackend(stream=stream).send_messages([message]) == 1
        out = stream.getvalue()
        assert "Subject: Ondertekenen: OOK voor Zoë Ünal" in out
        assert "To: zoe@example.test" in out
        assert "\nBeste Zoë Ünal,\n" in out and "Groet, José" in out
        assert f"\n{link}\n" in out  # whole, on one line
        assert "=C3" not in out and "=\n" not in out and "base64" not in out.lower()
        assert "[Attachment: MV-2026-0001.pdf (application/pdf, 1009 bytes)]" in out

    @pytest.mark.django_db
    def test_a_queued_notification_reaches_the_terminal_readably(
        self, capsys, django_capture_on_commit_callbacks
    ) -> None:
        """Through the outbox and the mailer of `make run`, as a signing link would."""
        from django.test import override_settings

        from praktijkleren.mail import queue_email

        link = "http://127.0.0.1:8123/ondertekenen/" + "a" * 120 + "/"
        console = {"default": {"BACKEND": "praktijkleren.mail_console.EmailBackend"}}
        with override_settings(MAILERS=console), django_capture_on_commit_callbacks(execute=True):
            queue_email(subject="Tést", body=f"Beste Zoë,\n\n{link}\n", to=["zoe@example.test"])
        out = capsys.readouterr().out
        assert "Subject: Tést" in out and "\nBeste Zoë,\n" in out and f"\n{link}\n" in out


class TestReadme:
    def _commands(self) -> list[list[str]]:
        blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
        commands = []
        for block in blocks:
            for line in block.splitlines():
                line = line.split("#", 1)[0].strip().rstrip("\\").strip()
                if line:
                    commands.append(shlex.split(line))
        return commands

    def test_every_path_in_the_readme_commands_exists_in_a_clone(self) -> None:
        tracked = set(
            subprocess.run(
                ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT, capture_output=True, text=True, check=True,
            ).stdout.splitlines()
        )  # fmt: skip
        folders = {str(Path(f).parent) for f in tracked}
        paths = [
            arg
            for command in self._commands()
            for arg in command
            if "/" in arg and not arg.startswith(("-", "http", ".venv/", "/"))
        ]
        assert paths
        missing = [p for p in paths if p.rstrip("/") not in tracked | folders]
        assert not missing, f"README commands name paths a clone does not have: {missing}"

    def test_the_example_import_is_the_contracts_example(self) -> None:
        ours = ROOT / "monitoring" / "data" / "voorbeeld_praktijkloket"
        contract = formats_dir() / "example"
        for theirs in sorted(contract.glob("*.csv")):
            assert (ours / theirs.name).read_bytes() == theirs.read_bytes(), theirs.name

    def test_every_button_the_readme_names_is_on_the_dutch_screens(self) -> None:
        # Bold or italic names that start with a capital are what a user looks for on screen.
        names = re.findall(r"(?<![*\w])\*{1,2}([A-Z][^*`\n]*?)\*{1,2}(?![*\w])", README)
        headings = {"Per-object grants", "Registries instead of upward imports", "Tenancy"}
        parts = {
            part.strip()
            for name in names
            if name not in headings and not name.endswith(".")
            for part in name.split("→")
        }
        assert "Ter plekke ondertekenen" in parts
        missing = sorted(p for p in parts if f'msgstr "{p}"' not in PO)
        assert not missing, f"README names what the Dutch screens do not show: {missing}"


@pytest.mark.django_db
def test_after_make_run_a_projectleider_can_try_the_bimonthly_report(client) -> None:
    """`make run` has no Celery beat: the demo itself holds each pilot's draft report, which the
    projectleider finds on the report page and can fill in."""
    from monitoring.models import MonitorRapport
    from praktijkleren.demo import seed_demo

    seed_demo()
    login = client.post(
        reverse("login"),
        {"username": "projectleider@noorderkwartier.demo", "password": "praktijk-demo-2026"},
    )
    assert login.status_code == 302  # the demo password of the README
    (rapport,) = MonitorRapport.objects.filter(pilot__code="noorderkwartier")
    assert rapport.get_absolute_url() in client.get("/monitor/").content.decode()
    page = client.get(rapport.get_absolute_url()).content.decode()
    assert reverse("monitoring:rapport-opslaan", args=[rapport.pk]) in page
