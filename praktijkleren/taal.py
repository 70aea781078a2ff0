"""The language of a request: Dutch, whatever the browser's Accept-Language says. English only
by explicit choice: the language switcher at the bottom of every page (Django's `set_language`
view, which sets the language cookie). An API client states its choice in Accept-Language, so
the API keeps Django's negotiation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def gekozen_taal(request: HttpRequest) -> str:
    """The language the user chose with the switcher, else the site's (Dutch)."""
    gekozen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if gekozen:
        try:
            return translation.get_supported_language_variant(gekozen)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


def taal_van(request: HttpRequest) -> str:
    """The language this middleware chooses for the request (also for answers given before it
    runs, such as praktijkleren.body_size's)."""
    if request.path_info.startswith("/api/"):
        return translation.get_language_from_request(request)
    return gekozen_taal(request)


class NederlandsTenzijGekozenMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's say for pages (no i18n_patterns here)."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(taal_van(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith("/api/"):
            return super().process_response(request, response)
        # The page depends on the cookie, not on Accept-Language (no Vary on it).
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
