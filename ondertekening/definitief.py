"""After signing: every signer with an e-mail address gets the final signed document (with its
audit page) as a personal link, valid for 30 days. The secret is stored only as a hash; a link
opens exactly the document of its own signature, never another."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .adapters import adapter_for
from .constants import DEFINITIEF_GELDIG_DAGEN, GebeurtenisSoort
from .kern import _adapter, _hash, _mail, base_url, log
from .models import Ondertekening

__all__ = ["DefinitiefOngeldig", "stuur_definitief", "vind_definitief"]


class DefinitiefOngeldig(Exception):
    """The link to the final document cannot be used; `reden` says why, `status` 404 or 410."""

    def __init__(self, reden: str, status: int) -> None:
        super().__init__(reden)
        self.reden = reden
        self.status = status


@transaction.atomic
def stuur_definitief(document: models.Model) -> list[Ondertekening]:
    """E-mail every signer of `document` who has an e-mail address a link to its final signed
    file. Call it once the final file is saved (in that transaction). Signers without an e-mail
    address get nothing: the mbo hands the document over."""
    if not adapter_for(document).definitief_bestand(document):
        return []
    ondertekeningen = list(
        Ondertekening.objects.van(document)
        .select_for_update()
        .filter(getekend_op__isnull=False, vervallen_op__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        doc = adapter_for(document).stuk(document)
    verloopt = timezone.now() + timedelta(days=DEFINITIEF_GELDIG_DAGEN)
    for o in ondertekeningen:
        token = secrets.token_urlsafe(32)
        o.definitief_token_hash = _hash(f"definitief:{token}")
        o.definitief_verloopt_op = verloopt
        o.save(update_fields=["definitief_token_hash", "definitief_verloopt_op"])
        log(o, GebeurtenisSoort.DEFINITIEF_VERSTUURD)
        _mail(
            to=o.email,
            naam=o.naam,
            link=base_url() + reverse("ondertekenen-definitief", args=[token]),
            subject=gettext_lazy("Signed: %(soort)s for %(deelnemer)s"),
            args={"soort": doc.kort, "deelnemer": doc.deelnemer},
            template="ondertekening/email/definitief.txt",
            context={"o": o, "stuk": doc, "geldig_tot": verloopt},
        )
    return ondertekeningen


def vind_definitief(token: str) -> tuple[Ondertekening, FieldFile]:
    """The signature a final-document link belongs to and its final file, or
    DefinitiefOngeldig (404: not a link; 410: expired or no longer available)."""
    o = (
        Ondertekening.objects.filter(definitief_token_hash=_hash(f"definitief:{token}")).first()
        if token
        else None
    )
    if o is None:
        raise DefinitiefOngeldig(_("This link is not valid."), 404)
    if o.definitief_verloopt_op is None or o.definitief_verloopt_op < timezone.now():
        datum = timezone.localtime(o.definitief_verloopt_op or timezone.now())
        raise DefinitiefOngeldig(
            _("This link expired on %(datum)s. Ask the mbo-instelling for the signed document.")
            % {"datum": date_format(datum, "DATE_FORMAT")},
            410,
        )
    bestand = _adapter(o).definitief_bestand(o.document)
    if o.vervallen_op or not bestand:
        raise DefinitiefOngeldig(_("This document is no longer available here."), 410)
    return o, bestand
