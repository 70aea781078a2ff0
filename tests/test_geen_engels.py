"""No English in the Dutch interface (issue 15).

Two checks:

- Every message our code marks for translation (gettext and its variants in Python, and
  {% translate %} / {% blocktranslate %} in templates, read the way `makemessages` reads them)
  has a Dutch translation in locale/nl/LC_MESSAGES/django.po. A message without one is shown
  in English on a Dutch page.
- The pages of every demo role, found by following links from the start page with the test
  client, and the e-mails the demo and a few flows send, rendered in Dutch, contain none of our
  English messages and not Django's English blank choice ("- Select an option -", "---------").
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from praktijkleren.demo import ACCOUNTS
from praktijkleren.models import OutboxBericht, User

from .e2e.axe_crawl import followable, pattern_of
from .test_translations import NL_PO, po_entries

BASE = Path(settings.BASE_DIR)
# Our code: every top-level package of the project and the templates. Not the tests, the
# benchmarks or the migrations.
SKIP_DIRS = {".venv", "tests", "bench", "migrations", "node_modules", "test-artifacts", "docs"}
# gettext function -> index of the msgid argument (the p* variants take a context first).
GETTEXT = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\((u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\")")
TEMPLATE_PCALL = re.compile(r"\bn?pgettext\(u?'(?:[^'\\]|\\.)*',\s*(u?'(?:[^'\\]|\\.)*')")
# Messages that are English on purpose in Dutch too (msgid -> why). Keep it short.
DELIBERATELY_ENGLISH: dict[str, str] = {}
# Django's English blank choices (django.db.models.fields): a form shows them when no Dutch
# label was given.
BLANK_CHOICES = ["- Select an option -"]
BLANK_OPTION = re.compile(r"<option[^>]*>\s*(---------|- Select an option -)\s*</option>")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\{[^}]*\}\}|\{\w*\}|<[^>]+>|\n")


def _our_files(pattern: str) -> Iterator[Path]:
    for top in sorted(BASE.iterdir()):
        if top.is_dir() and top.name not in SKIP_DIRS and not top.name.startswith("."):
            for path in top.rglob(pattern):
                if not set(path.relative_to(BASE).parts) & SKIP_DIRS:
                    yield path


def _python_files() -> Iterator[Path]:
    yield from _our_files("*.py")


def _template_files() -> Iterator[Path]:
    for suffix in ("*.html", "*.txt"):
        for path in _our_files(suffix):
            if "templates" in path.relative_to(BASE).parts:
                yield path


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


@cache
def messages_in_code() -> dict[str, str]:
    """Every msgid our code marks for translation -> where (file:line)."""
    found: dict[str, str] = {}
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (name := _call_name(node)) not in GETTEXT:
                continue
            # The msgid (the singular of ngettext; the .po entry holds the plural with it).
            args = node.args[GETTEXT[name] :]
            arg = args[0] if args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                found.setdefault(arg.value, f"{path.relative_to(BASE)}:{node.lineno}")
    for path in _template_files():
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        literals = [m.group(2) for m in TEMPLATE_CALL.finditer(source) if "p" not in m.group(1)]
        literals += TEMPLATE_PCALL.findall(source)
        for literal in literals:
            msgid = ast.literal_eval(literal)
            if msgid:
                found.setdefault(msgid, str(path.relative_to(BASE)))
    return found


@cache
def dutch() -> dict[str, str]:
    """msgid (and msgid_plural) -> its Dutch translation, from the .po file."""
    catalog = {}
    for e in po_entries(NL_PO):
        catalog[e["msgid"]] = e["msgstr"][0] if e["msgstr"] else ""
        if "plural" in e:
            catalog.setdefault(e["plural"], e["msgstr"][-1] if e["msgstr"] else "")
    return catalog


@cache
def english_fragments() -> tuple[str, ...]:
    """Pieces of our English messages long enough to be unambiguous on a Dutch page: the text
    between placeholders and tags, at least two words or twelve characters, and found in no
    Dutch translation (so a Dutch word that is also an English msgid does not count)."""
    all_dutch = "\n".join(dutch().values())
    pieces = set()
    for msgid, msgstr in dutch().items():
        if not msgstr or msgstr.strip().lower() == msgid.strip().lower():
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = " ".join(piece.split()).strip(" .,:;()")
            long_enough = len(piece) >= 12 or (len(piece.split()) >= 2 and len(piece) >= 8)
            if long_enough and piece not in all_dutch:
                pieces.add(piece)
    return tuple(sorted(pieces, key=len, reverse=True))


SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


# Attributes whose text a person reads or hears.
READ_ATTRIBUTES = re.compile(r"""\s(?:aria-label|title|placeholder|alt)=["']([^"']+)["']""")


def visible_text(page: str) -> str:
    """The text a person reads or hears: no tags, no scripts or styles, with the labels and
    titles of elements, entities decoded, one space."""
    page = SCRIPT_STYLE.sub(" ", page)
    text = " ".join([TAG.sub(" ", page), *READ_ATTRIBUTES.findall(page)])
    return " ".join(html.unescape(text).split())


def english_in(text: str) -> list[str]:
    found = {piece for piece in (*english_fragments(), *BLANK_CHOICES) if piece in text}
    # Only the longest of overlapping finds, in the order of the text.
    longest = [f for f in found if not any(f != g and f in g for g in found)]
    return sorted(longest, key=text.index)


def translated_by_a_library(msgid: str) -> bool:
    """Django's and the libraries' own catalogs translate some messages we reuse ("Not found.")."""
    with translation.override("nl"):
        return translation.gettext(msgid) != msgid


def test_every_message_our_code_marks_has_a_dutch_translation() -> None:
    catalog = dutch()
    code = messages_in_code()
    assert len(code) > 500, "the extraction found too few messages"
    missing = [
        f"{where}: {msgid!r}"
        + (
            " (an escaped quote in {% translate %}: makemessages cannot read it)"
            * msgid.endswith("\\")
        )
        for msgid, where in sorted(code.items(), key=lambda kv: kv[1])
        if not catalog.get(msgid)
        and not translated_by_a_library(msgid)
        and msgid not in DELIBERATELY_ENGLISH
    ]
    assert not missing, (
        f"{len(missing)} messages are shown in English on a Dutch page (add them to "
        "locale/nl/LC_MESSAGES/django.po):\n" + "\n".join(missing)
    )


def test_the_english_finder_finds_our_messages_and_django_s_blank_choice() -> None:
    page = (
        "<p>Deelnemers</p><script>var x = 'Refer a candidate';</script>"
        "<select><option value=''>- Select an option -</option></select><p>Refer a candidate</p>"
    )
    text = visible_text(page)
    assert english_in(text) == ["- Select an option -", "Refer a candidate"]
    assert english_in(visible_text("<p>Een kandidaat aanmelden</p>")) == []


# --- Pages and e-mails rendered in Dutch -------------------------------------------------------

PER_ROLE_PAGES = 120
HREF = re.compile(r"""href=["'](/[^"'#]*)""")


def _client(email: str | None = None) -> Client:
    """A browser that chose Dutch, signed in as `email`."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def crawl_with_client(client: Client, start: str = "/") -> dict[str, str]:
    """GET pages breadth-first from `start`, each URL pattern at most twice -> their HTML."""
    origin = "http://testserver"
    queue, seen = [start], {start}
    visits: dict[str, int] = {}
    pages: dict[str, str] = {}
    while queue and len(pages) < PER_ROLE_PAGES:
        path = queue.pop(0)
        key = pattern_of(path.split("?")[0])
        if key is None or visits.get(key, 0) >= 2:
            continue
        response = client.get(path)
        html_page = "text/html" in response.get("Content-Type", "") and not response.streaming
        if response.status_code != 200 or not html_page:
            continue
        visits[key] = visits.get(key, 0) + 1
        body = response.content.decode()
        pages[path] = body
        for href in HREF.findall(body):
            url = html.unescape(href)
            link = followable(url if url.startswith("http") else origin + url, origin)
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def _problems(label: str, body: str) -> list[str]:
    found = english_in(visible_text(body))
    found += sorted({m.group(1) for m in BLANK_OPTION.finditer(body)} - set(found))
    return [f"{label}: {f!r}" for f in found]


@pytest.fixture(scope="module")
def demo_data(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[None]:
    """The `make run` demo data, once for the module, rolled back at its end."""
    from django.db import transaction
    from django.test import override_settings

    from praktijkleren.demo import seed_demo

    media = str(tmp_path_factory.mktemp("demo-media"))
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, TWO_FACTOR_REQUIRED=False),
        transaction.atomic(),
    ):
        seed_demo()
        yield
        transaction.set_rollback(True)


def _one_account_per_role() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for email, _first, _last, memberships in ACCOUNTS:
        seen.setdefault(str(memberships[0][0]), email)
    return list(seen.items())


@pytest.mark.parametrize(("role", "email"), _one_account_per_role())
def test_no_page_of_a_role_shows_english_in_dutch(
    demo_data: None, db: None, role: str, email: str
) -> None:
    pages = crawl_with_client(_client(email))
    assert len(pages) > 5, f"the crawl found too few pages for {role}"
    problems = [p for path, body in pages.items() for p in _problems(path, body)]
    assert not problems, f"English on Dutch pages of the {role}:\n" + "\n".join(problems)


def test_no_public_page_shows_english_in_dutch(demo_data: None, db: None) -> None:
    client = _client()
    problems = []
    for name in ("login", "password_reset", "password_reset_done", "verificatie"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        problems += _problems(name, response.content.decode())
    assert not problems, "English on Dutch public pages:\n" + "\n".join(problems)


def test_no_e_mail_sent_in_dutch_contains_english(demo_data: None, db: None) -> None:
    client = _client()
    # A few flows that send e-mail besides the demo's signing requests: a password reset and a
    # signing code.
    client.post(reverse("password_reset"), {"email": ACCOUNTS[0][0]})
    bodies = OutboxBericht.objects.filter(soort=OutboxBericht.Soort.EMAIL).values_list(
        "argumenten__body", flat=True
    )
    link = next((m for body in bodies if (m := re.search(r"/ondertekenen/[\w-]+/", body))), None)
    assert link, "the demo sends signing requests"
    client.post(link.group(0), {"stap": "code"})
    e_mails = [
        (b.argumenten["subject"], b.argumenten["body"] + "\n" + (b.argumenten.get("html") or ""))
        for b in OutboxBericht.objects.filter(soort=OutboxBericht.Soort.EMAIL)
    ] + [(m.subject, m.body) for m in mail.outbox]
    subjects = {subject.split(":")[0] for subject, _body in e_mails}
    assert len(subjects) >= 3, f"too few kinds of e-mail to check: {subjects}"
    problems = [
        p
        for subject, body in e_mails
        for p in _problems(f"e-mail {subject!r}", f"{subject}\n{visible_text(body)}")
    ]
    assert not problems, "English in Dutch e-mails:\n" + "\n".join(sorted(set(problems)))
