"""Public pages of the footer: the privacy statement, the toegankelijkheidsverklaring
(accessibility statement) and contact. Open to anyone, also before the second factor
(`tweefactor.VRIJE_URLS`). Long texts are one template per language (templates/pages/
<name>.<language>.html) rather than dozens of gettext paragraphs; Dutch is the fallback."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.views.generic import TemplateView

TALEN = ("nl", "en")


class PaginaView(TemplateView):
    """A static page in the language of the request."""

    naam = ""

    def get_template_names(self) -> list[str]:
        taal = (get_language() or "nl").split("-")[0]
        return [f"pages/{self.naam}.{taal if taal in TALEN else 'nl'}.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["contact_email"] = settings.CONTACT_EMAIL
        return ctx


privacyverklaring = PaginaView.as_view(naam="privacyverklaring")
toegankelijkheidsverklaring = PaginaView.as_view(naam="toegankelijkheidsverklaring")
contact = PaginaView.as_view(naam="contact")
