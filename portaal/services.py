"""Logging in to the portal without a password (docs/portaal.md): the participant enters their
e-mail address, gets a personal link, and the link page e-mails a 6-digit code that logs them
in. The signing app's mechanism and limits: the link is valid `LINK_GELDIG_DAGEN` and replaced
by a newer one, the code `CODE_GELDIG_MINUTEN`, at most `MAX_CODES_PER_LINK` codes per link and
`MAX_CODE_POGINGEN` wrong codes; secrets are stored only as keyed hashes.

Whether an address is known is never revealed: the answer to a request is the same either way,
and only a participant who is not anonymised and whose consent holds gets an e-mail."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deelnemers.models import Deelnemer
from deelnemers.services import toestemming_geldt
from ondertekening.constants import (
    CODE_GELDIG_MINUTEN,
    LINK_GELDIG_DAGEN,
    MAX_CODE_POGINGEN,
    MAX_CODES_PER_LINK,
)
from ondertekening.kern import _hash
from praktijkleren import audit
from praktijkleren.mail import Ontvanger, queue_notification, site_url

from .models import Inlogverzoek


class LinkOngeldig(Exception):
    """The login link cannot be used; `reden` says why, in the participant's words. `status`:
    404 for a link we do not know, 410 for one that no longer works."""

    def __init__(self, reden: str, status: int = 410) -> None:
        super().__init__(reden)
        self.reden = reden
        self.status = status


def token_hash(token: str) -> str:
    # Its own prefix: a portal link can never be taken for a signing link, nor the reverse.
    return _hash(f"portaal:{token}")


def mag_inloggen(deelnemer: Deelnemer) -> bool:
    """Only a participant who is not anonymised, has an e-mail address and whose consent holds."""
    return (
        bool(deelnemer.email) and not deelnemer.geanonimiseerd_op and toestemming_geldt(deelnemer)
    )


def _mail(
    deelnemer: Deelnemer, *, subject: str, template: str, link: str, **context: object
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        queue_notification(
            to=[Ontvanger(deelnemer.email, str(deelnemer))],
            subject=subject,
            template=template,
            link=link,
            context={"deelnemer": deelnemer, **context},
        )


def vraag_inloglink(*, email: str) -> int:
    """E-mail a personal login link to every participant with this address who may log in (one
    e-mail per dossier; an address can be in two pilots). A new link replaces the open ones.
    Returns the number of e-mails, which the caller must not show."""
    adres = email.strip()
    if not adres:
        return 0
    verstuurd = 0
    for deelnemer in Deelnemer.objects.filter(email__iexact=adres).select_related("pilot"):
        if not mag_inloggen(deelnemer):
            continue
        with transaction.atomic():
            nu = timezone.now()
            Inlogverzoek.objects.for_deelnemer(deelnemer.pk).filter(
                ingelogd_op__isnull=True, vervallen_op__isnull=True
            ).update(vervallen_op=nu)
            token = secrets.token_urlsafe(32)
            verzoek = Inlogverzoek.objects.create(
                deelnemer=deelnemer,
                token_hash=token_hash(token),
                link_verloopt_op=nu + timedelta(days=LINK_GELDIG_DAGEN),
            )
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Your link to log in to Praktijkleren")
            _mail(
                deelnemer,
                subject=subject,
                template="email/portaal_inloglink.txt",
                link=site_url(reverse("portaal-inloglink", args=[token])),
                geldig_tot=verzoek.link_verloopt_op,
                pilot=deelnemer.pilot,
            )
        verstuurd += 1
    return verstuurd


def vind(token: str, *, lock: bool = False) -> Inlogverzoek:
    """The login request of a link, or LinkOngeldig with the reason in plain words."""
    qs = Inlogverzoek.objects.select_related("deelnemer")
    if lock:
        qs = qs.select_for_update(of=("self",))
    verzoek = qs.filter(token_hash=token_hash(token)).first() if token else None
    if verzoek is None:
        raise LinkOngeldig(
            _("This login link is not valid. Ask for a new link on the login page."), 404
        )
    if verzoek.ingelogd_op:
        raise LinkOngeldig(
            _("You have already used this link to log in. Ask for a new link on the login page.")
        )
    if verzoek.vervallen_op or not mag_inloggen(verzoek.deelnemer):
        raise LinkOngeldig(
            _("This link no longer works. You may have asked for a newer link: use the newest "
              "e-mail, or ask for a new link on the login page.")
        )  # fmt: skip
    if verzoek.link_verloopt_op < timezone.now():
        raise LinkOngeldig(
            _("This link expired on %(datum)s. Ask for a new link on the login page.")
            % {"datum": date_format(timezone.localtime(verzoek.link_verloopt_op), "DATE_FORMAT")}
        )
    if verzoek.code_pogingen >= MAX_CODE_POGINGEN:
        raise LinkOngeldig(
            _("A wrong code was entered too often. Ask for a new link on the login page.")
        )
    return verzoek


@transaction.atomic
def stuur_code(*, token: str) -> Inlogverzoek:
    """E-mail a fresh 6-digit code (valid 15 minutes) to the participant's address. No link in
    that e-mail: a code e-mail that is forwarded must not carry both halves."""
    verzoek = vind(token, lock=True)
    if verzoek.codes_verstuurd >= MAX_CODES_PER_LINK:
        raise ValidationError(
            _("We have sent the maximum number of codes for this link. Ask for a new link on the "
              "login page.")
        )  # fmt: skip
    code = f"{secrets.randbelow(10**6):06d}"
    verzoek.code_hash = _hash(f"portaal:{verzoek.pk}:{code}")
    verzoek.code_verloopt_op = timezone.now() + timedelta(minutes=CODE_GELDIG_MINUTEN)
    verzoek.codes_verstuurd += 1
    verzoek.save(update_fields=["code_hash", "code_verloopt_op", "codes_verstuurd"])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your login code: %(code)s") % {"code": code}
    _mail(
        verzoek.deelnemer,
        subject=subject,
        template="email/portaal_code.txt",
        link="",
        code=code,
        minuten=CODE_GELDIG_MINUTEN,
    )
    return verzoek


def controleer_code(*, token: str, code: str) -> Inlogverzoek:
    """Check the code. A wrong code counts (kept even though the request fails); after 5 the
    link is blocked. The right code uses the link up: it logs in once."""
    with transaction.atomic():
        verzoek = vind(token, lock=True)
        code = "".join(code.split())
        if not verzoek.code_hash or verzoek.code_verloopt_op is None:
            raise ValidationError(_("Ask for a code first."))
        if verzoek.code_verloopt_op < timezone.now():
            raise ValidationError(_("This code has expired. Ask for a new code."))
        if hmac.compare_digest(verzoek.code_hash, _hash(f"portaal:{verzoek.pk}:{code}")):
            verzoek.code_hash = ""
            verzoek.ingelogd_op = timezone.now()
            verzoek.save(update_fields=["code_hash", "ingelogd_op"])
            audit.record(
                actor=None,
                action="portaal.ingelogd",
                obj=verzoek.deelnemer,
                pilot_id=verzoek.deelnemer.pilot_id,
                changes={"inlogverzoek": verzoek.pk},
            )
            return verzoek
        verzoek.code_pogingen += 1
        verzoek.save(update_fields=["code_pogingen"])
        over = MAX_CODE_POGINGEN - verzoek.code_pogingen
    if over <= 0:
        raise ValidationError(
            _("A wrong code was entered too often. Ask for a new link on the login page.")
        )
    raise ValidationError(
        ngettext(
            "This code is not correct. You can try %(n)d more time.",
            "This code is not correct. You can try %(n)d more times.",
            over,
        )
        % {"n": over}
    )
