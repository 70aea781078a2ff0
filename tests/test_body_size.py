"""Request bodies over the limit of their path are refused by their Content-Length before anything
reads them (praktijkleren/body_size.py, docs/security.md "Request size").

The finding: the public /verificatie/ upload streamed 300 MB to a temporary file before its own
10 MB check, because the CSRF middleware reads the body first. These requests carry a body that
counts every byte read and looks for temporary files while it is read; the clients enforce CSRF
as a browser's request meets it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kwalificaties.forms import MAX_BYTES as KWALIFICATIES_MAX
from monitoring.forms import IMPORT_SOORTEN
from monitoring.forms import MAX_BESTAND as IMPORT_MAX
from ondertekening.constants import MAX_SCAN_BYTES
from pilots.roles import Role
from verklaringen.verificatie import MAX_PDF_BYTES

from .conftest import World

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "grenslijn"
HUGE = 300 * MB


class CountingBody:
    """A multipart body of `length` bytes with one file field, made up while it is read. It
    counts the bytes read and, on every read, the files in `watch` (the upload temp dir)."""

    def __init__(self, length: int, watch: Path, field: str = "pdf") -> None:
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="groot.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = length
        self.watch = watch
        self.bytes_read = 0
        self.temp_files_seen = 0

    def _byte(self, i: int) -> bytes:
        if i < len(self.head):
            return self.head[i : i + 1]
        tail_start = self.length - len(self.tail)
        return self.tail[i - tail_start : i - tail_start + 1] if i >= tail_start else b"0"

    def read(self, size: int = -1) -> bytes:
        self.temp_files_seen = max(self.temp_files_seen, len(os.listdir(self.watch)))
        left = self.length - self.bytes_read
        size = left if size is None or size < 0 else min(size, left)
        start = self.bytes_read
        self.bytes_read += size
        middle_end = self.length - len(self.tail)
        if start >= len(self.head) and start + size <= middle_end:
            return b"0" * size  # the fast path: the filler between head and tail
        return b"".join(self._byte(i) for i in range(start, start + size))

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.fixture
def upload_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def post_body(client: Client, path: str, body: CountingBody, **extra: Any) -> Any:
    return client.generic(
        "POST",
        path,
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            **extra,
        },
    )


def browser(user: Any = None, language: str | None = None) -> Client:
    """A client that checks CSRF as the live site does (the test client skips it by default),
    with the CSRF cookie a browser has from the form's page: CSRF then reads the body for the
    form's token."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_untouched(body: CountingBody, upload_dir: Path) -> None:
    # (bytes read, temporary files seen while reading, files left): all nothing.
    assert (body.bytes_read, body.temp_files_seen, list(upload_dir.iterdir())) == (0, 0, [])


class TestTooLarge:
    def test_a_300_mb_upload_to_the_public_verification_is_refused_before_it_is_read(
        self, world: World, upload_dir: Path
    ):
        body = CountingBody(HUGE, upload_dir)
        response = post_body(browser(), reverse("verificatie"), body)
        assert_untouched(body, upload_dir)
        assert response.status_code == 413
        page = response.content.decode()
        assert "Het bestand is te groot: maximaal 10 MB." in page
        assert response["Content-Type"].startswith("text/html")
        assert '<html lang="nl">' in page

    def test_the_page_follows_the_chosen_language(self, world: World, upload_dir: Path):
        body = CountingBody(HUGE, upload_dir)
        response = post_body(browser(language="en"), reverse("verificatie"), body)
        assert response.status_code == 413
        assert "The file is too large: at most 10 MB." in response.content.decode()
        assert_untouched(body, upload_dir)

    def test_the_api_upload_answers_413_with_a_json_error(self, world: World, upload_dir: Path):
        body = CountingBody(HUGE, upload_dir)
        response = post_body(browser(), reverse("api-verificatie"), body)
        assert response.status_code == 413
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Het bestand is te groot: maximaal 10 MB."}
        assert_untouched(body, upload_dir)

    def test_the_registration_import_is_refused_over_its_three_files(
        self, world: World, upload_dir: Path
    ):
        user = world.user(Role.PROJECTLEIDER)
        url = reverse("monitoring:import-upload", args=[world.alpha.pilot.code])
        body = CountingBody(31 * MB, upload_dir, field="deelnemers")
        response = post_body(browser(user), url, body)
        assert response.status_code == 413
        assert "maximaal 30 MB" in response.content.decode()
        assert_untouched(body, upload_dir)

    def test_the_qualification_import_is_refused_over_its_two_files(
        self, world: World, upload_dir: Path
    ):
        body = CountingBody(41 * MB, upload_dir, field="crebolijst")
        response = post_body(browser(world.beheerder), reverse("kwalificaties:import-upload"), body)
        assert response.status_code == 413
        assert "maximaal 40 MB" in response.content.decode()
        assert_untouched(body, upload_dir)

    def test_a_form_without_files_has_the_default_limit(self, world: World, upload_dir: Path):
        body = CountingBody(3 * MB, upload_dir, field="username")
        response = post_body(browser(), reverse("login"), body, CONTENT_TYPE="text/plain")
        assert response.status_code == 413
        assert "Het verzoek is te groot: maximaal 2 MB." in response.content.decode()
        assert_untouched(body, upload_dir)

    def test_the_refusal_carries_the_security_headers(self, world: World, upload_dir: Path):
        response = post_body(browser(), reverse("verificatie"), CountingBody(HUGE, upload_dir))
        assert "no-store" in response["Cache-Control"]
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]


class TestWithinTheLimit:
    def test_a_file_just_over_10_mb_reaches_the_form_and_its_own_message(
        self, world: World, upload_dir: Path
    ):
        # Within the 64 KB allowance for the multipart framing: the view's check answers.
        body = CountingBody(MAX_PDF_BYTES + 1024, upload_dir)
        response = post_body(Client(), reverse("verificatie"), body)
        assert response.status_code == 400
        assert "10 MB" in response.content.decode()
        assert body.bytes_read == body.length

    def test_a_request_without_a_body_passes(self, world: World):
        assert Client().get(reverse("verificatie")).status_code == 200


class TestNoLength:
    def test_a_chunked_body_without_content_length_is_refused_with_411(
        self, world: World, upload_dir: Path
    ):
        body = CountingBody(HUGE, upload_dir)
        response = browser().generic(
            "POST",
            reverse("verificatie"),
            **{
                "wsgi.input": body,
                "HTTP_TRANSFER_ENCODING": "chunked",
                "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            },
        )
        assert response.status_code == 411
        assert "vermeldt niet hoe groot het is (geen Content-Length)" in response.content.decode()
        assert_untouched(body, upload_dir)

    def test_the_api_answers_411_in_json(self, world: World, upload_dir: Path):
        body = CountingBody(HUGE, upload_dir)
        response = browser().generic(
            "POST",
            reverse("api-verificatie"),
            **{"wsgi.input": body, "HTTP_TRANSFER_ENCODING": "chunked"},
        )
        assert response.status_code == 411
        assert set(response.json()) == {"detail"}
        assert_untouched(body, upload_dir)


class TestConfiguration:
    def test_the_middleware_comes_before_anything_that_reads_the_body(self):
        order = settings.MIDDLEWARE
        position = order.index("praktijkleren.body_size.BodySizeMiddleware")
        for reader in (
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "praktijkleren.request_guard.RequestGuardMiddleware",
            "axes.middleware.AxesMiddleware",
        ):
            assert position < order.index(reader), reader

    def test_django_s_own_limits_are_set_explicitly(self):
        from praktijkleren.settings import base

        assert base.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * MB
        assert base.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * MB
        assert base.REQUEST_BODY_DEFAULT_LIMIT == 2 * MB

    @pytest.mark.parametrize(
        ("path", "files"),
        [
            ("/verificatie/", MAX_PDF_BYTES),
            ("/api/v1/verificatie/", MAX_PDF_BYTES),
            ("/ondertekenen/papier/12/", MAX_SCAN_BYTES),
            ("/pilots/alpha/import/", len(IMPORT_SOORTEN) * IMPORT_MAX),
            ("/kwalificaties/import/", 2 * KWALIFICATIES_MAX),
        ],
    )
    def test_each_upload_path_allows_what_its_form_accepts(self, path: str, files: int):
        """The table in the settings agrees with the forms' own limits (per file x files)."""
        from praktijkleren import body_size

        assert body_size.limit_for(path) == files

    def test_other_paths_have_the_default(self):
        from praktijkleren import body_size

        assert body_size.limit_for("/pilots/alpha/") == 2 * MB
        assert body_size.limit_for("/api/v1/deelnemers/") == 2 * MB
        assert body_size.limit_for("/verificatie/ABCDEFGHJKMN/") == MAX_PDF_BYTES

    def test_every_pattern_in_the_table_matches_a_url_of_the_project(self):
        from django.urls import Resolver404, resolve

        examples = {
            r"/verificatie/": "/verificatie/",
            r"/api/v1/verificatie/": "/api/v1/verificatie/",
            r"/ondertekenen/papier/": "/ondertekenen/papier/1/",
            r"/pilots/[^/]+/import/": "/pilots/alpha/import/",
            r"/kwalificaties/import/": "/kwalificaties/import/",
        }
        assert set(settings.REQUEST_BODY_LIMITS) == set(examples)
        for pattern, path in examples.items():
            assert re.match(pattern, path), pattern
            try:
                resolve(path)
            except Resolver404:  # pragma: no cover - the failure message says which
                pytest.fail(f"{pattern} names no URL of the project")


def test_the_api_schema_documents_413_and_411_where_an_operation_takes_a_body(world: World):
    import yaml

    client = Client()
    client.force_login(world.user(Role.PROJECTLEIDER))
    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    upload = paths["/api/v1/verificatie/"]
    for code in ("411", "413"):
        assert upload["post"]["responses"][code]["content"]["application/json"]
        assert code not in upload["get"]["responses"]
