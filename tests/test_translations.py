"""The Dutch translation is complete and compiled; the UI speaks Dutch by default and English on
request."""

from __future__ import annotations

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

NL_PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = NL_PO.with_suffix(".mo")


def po_entries(path: Path) -> list[dict]:
    """A small .po reader: msgid, plural and msgstr(s) with flags, enough for these checks."""
    import json

    entries: list[dict] = []
    current: dict | None = None
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            current = {"flags": line[2:].strip(), "msgid": "", "msgstr": []}
            entries.append(current)
        elif line.startswith("msgid "):
            if current is None or current["msgid"] or current["msgstr"]:
                current = {"flags": "", "msgid": "", "msgstr": []}
                entries.append(current)
            current["msgid"] = json.loads(line[6:])
            key = "msgid"
        elif line.startswith("msgid_plural "):
            current["plural"] = json.loads(line[13:])  # type: ignore[index]
            key = "plural"
        elif line.startswith("msgstr"):
            current["msgstr"].append(json.loads(line.split(" ", 1)[1]))  # type: ignore[index]
            key = "msgstr"
        elif line.startswith('"') and current is not None:
            value = json.loads(line)
            if key == "msgid":
                current["msgid"] += value
            elif key == "plural":
                current["plural"] += value
            elif key == "msgstr":
                current["msgstr"][-1] += value
        elif not line.strip():
            current = None
    return [e for e in entries if e["msgid"]]


def test_every_dutch_message_is_translated_and_none_is_fuzzy():
    entries = po_entries(NL_PO)
    assert len(entries) > 200
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\{.*?\}\}")


def test_every_dutch_message_keeps_its_placeholders():
    wrong = []
    for e in po_entries(NL_PO):
        sources = [e["msgid"], e.get("plural", e["msgid"])]
        for i, msgstr in enumerate(e["msgstr"]):
            expected = set(PLACEHOLDER.findall(sources[min(i, 1)]))
            if set(PLACEHOLDER.findall(msgstr)) != expected:
                wrong.append((e["msgid"], msgstr))
    assert not wrong, f"placeholders differ: {wrong}"


def test_the_compiled_catalog_matches_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(NL_PO)], check=True)
    with fresh.open("rb") as f1, NL_MO.open("rb") as f2:
        assert gettext.GNUTranslations(f1)._catalog == gettext.GNUTranslations(f2)._catalog, (
            "locale/nl/LC_MESSAGES/django.mo is stale: run `make messages`"
        )


@pytest.mark.django_db
def test_the_login_page_is_dutch_by_default_and_english_on_request(client):
    html = client.get(reverse("login")).content.decode()
    assert "Inloggen" in html and "Wachtwoord vergeten?" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert "Log in" in html and "Forgot your password?" in html
