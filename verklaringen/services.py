"""Write operations on verklaringen: prepare a praktijkverklaring from the werkprocessen marked
beheerst, have the praktijkopleider sign it online, wrap it in an mbo-verklaring, and issue that
(the examencommissie of the institution). The public register and revoking are in `register.py`;
the PDF and its seal in `document.py`, `zegel.py` and `tasks.py`. The signing flow is the
`ondertekening` app's; `PraktijkverklaringAdapter` tells it what a praktijkverklaring is."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kwalificaties.services import controleer_officieel
from ondertekening.adapters import DocumentAdapter, Stuk
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from ondertekening.services import Partij, vraag_ondertekeningen
from praktijkleren import audit, outbox
from praktijkleren.mail import render_notification
from praktijkleren.models import User
from praktijkleren.pdf import render_pdf, sha256
from praktijkleren.validators import heeft_stuurtekens
from trajecten.constants import WerkprocesStatus
from trajecten.models import Traject

from .constants import CODE_ALFABET, CODE_LENGTE, PraktijkverklaringStatus, RegistratieStatus
from .mbo_verklaring import maak_mbo_verklaring
from .models import MboVerklaring, Praktijkverklaring, Registratie

__all__ = [
    "bereid_praktijkverklaring_voor",
    "geef_uit",
    "maak_mbo_verklaring",
    "trek_praktijkverklaring_in",
    "verstuur_naar_praktijkopleider",
]


def beheerste_werkprocessen(traject: Traject) -> Any:
    """Only what was mastered goes on a praktijkverklaring."""
    return (
        traject.traject_werkprocessen.filter(status=WerkprocesStatus.BEHEERST)
        .select_related("werkproces__kwalificatie", "werkproces__kerntaak")
        .order_by("werkproces__kwalificatie__crebo", "werkproces__code")
    )


def werkproces_zoals_gedrukt(wp: Any) -> dict[str, Any]:
    """A werkproces as a verklaring prints it (and the register keeps it): with its kerntaak
    and kwalificatie. Expects kwalificatie and kerntaak selected along."""
    k = wp.kwalificatie
    return {
        "code": wp.code,
        "naam": wp.naam,
        "kerntaak": {"code": wp.kerntaak.code, "naam": wp.kerntaak.naam},
        "crebo": k.crebo,
        "kwalificatie": k.naam,
        "niveau": k.niveau,
        "domein": k.domein,
    }


def _inhoud(traject: Traject) -> dict[str, Any]:
    d, lb, mbo = traject.deelnemer, traject.leerbedrijf, traject.mbo_instelling
    po = traject.praktijkopleider
    werkprocessen = [
        werkproces_zoals_gedrukt(tw.werkproces) for tw in beheerste_werkprocessen(traject)
    ]
    return {
        "deelnemer": {
            "naam": f"{d.voornaam} {d.achternaam}",
            "geboortedatum": str(d.geboortedatum),
        },
        "mbo_instelling": {"naam": mbo.naam if mbo else "", "brin": getattr(mbo, "brin", "") or ""},
        "leerbedrijf": {
            "naam": lb.naam if lb else "",
            "plaats": lb.plaats if lb else "",
            "leerbedrijf_id": (lb.leerbedrijf_id or "") if lb else "",
        },
        "praktijkopleider": (po.get_full_name() or po.email) if po else "",
        "startdatum": str(traject.startdatum or ""),
        "einddatum": str(traject.einddatum or traject.geplande_einddatum or ""),
        "werkprocessen": werkprocessen,
    }


def _queue_pdf(pv: Praktijkverklaring) -> None:
    from .tasks import render_praktijkverklaring_pdf

    pk = pv.pk
    outbox.schrijf_taak(render_praktijkverklaring_pdf, pk)


@transaction.atomic
def bereid_praktijkverklaring_voor(*, actor: User | None, traject: Traject) -> Praktijkverklaring:
    """Prepare a praktijkverklaring from the traject: only the werkprocessen marked beheerst,
    the participant, leerbedrijf, praktijkopleider and learning period. Its PDF is rendered in the
    background; then it goes to the praktijkopleider to sign."""
    traject = (
        Traject.objects.select_for_update(of=("self",))
        .select_related("deelnemer", "leerbedrijf", "mbo_instelling", "praktijkopleider")
        .get(pk=traject.pk)
    )
    fouten = []
    if not beheerste_werkprocessen(traject).exists():
        fouten.append(
            _("No werkproces of this traject is marked beheerst yet: only mastered werkprocessen "
              "go on a praktijkverklaring.")
        )  # fmt: skip
    if traject.praktijkopleider is None or not traject.praktijkopleider.email:
        fouten.append(_("The traject has no praktijkopleider to sign the praktijkverklaring."))
    if traject.leerbedrijf_id is None or traject.mbo_instelling_id is None:
        fouten.append(_("The traject needs an mbo-instelling and a leerbedrijf."))
    fouten += controleer_officieel(tw.werkproces for tw in beheerste_werkprocessen(traject))
    open_ = traject.praktijkverklaringen.filter(
        status__in=[PraktijkverklaringStatus.CONCEPT, PraktijkverklaringStatus.TER_ONDERTEKENING]
    )
    if open_.exists():
        fouten.append(_("This traject already has a praktijkverklaring that is not signed yet."))
    if fouten:
        raise ValidationError(fouten)
    volgnummer = (
        Praktijkverklaring.objects.filter(traject__deelnemer=traject.deelnemer)
        .exclude(status=PraktijkverklaringStatus.VERVALLEN)
        .count()
        + 1
    )
    pv = Praktijkverklaring.objects.create(
        traject=traject,
        volgnummer=volgnummer,
        inhoud=_inhoud(traject),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _queue_pdf(pv)
    audit.record(
        actor=actor,
        action="praktijkverklaring.create",
        obj=pv,
        pilot_id=traject.deelnemer.pilot_id,
        changes={"werkprocessen": [w["code"] for w in pv.inhoud["werkprocessen"]]},
    )
    return pv


def render_praktijkverklaring(pv_id: int) -> Praktijkverklaring:
    """The PDF the praktijkopleider signs (once; a second run finds it done)."""
    from django.core.files.base import ContentFile

    with transaction.atomic():
        pv = (
            Praktijkverklaring.objects.select_for_update(of=("self",))
            .select_related("traject__deelnemer")
            .get(pk=pv_id)
        )
        # Done already, or the dossier was anonymised: never make the document again.
        if pv.pdf or pv.traject.deelnemer.geanonimiseerd_op:
            return pv
        with translation.override(settings.LANGUAGE_CODE):
            _html, pdf = render_pdf("verklaringen/pdf/praktijkverklaring.html", {"pv": pv})
        pv.pdf.save(f"praktijkverklaring-{pv.pk}.pdf", ContentFile(pdf), save=False)
        pv.pdf_sha256 = sha256(pdf)
        pv.pdf_status = "klaar"
        pv.save(update_fields=["pdf", "pdf_sha256", "pdf_status"])
        return pv


@transaction.atomic
def verstuur_naar_praktijkopleider(
    *, actor: User | None, praktijkverklaring: Praktijkverklaring
) -> Ondertekening:
    """Send the praktijkopleider a personal signing link (the flow of the agreements)."""
    pv = Praktijkverklaring.objects.select_for_update().get(pk=praktijkverklaring.pk)
    if pv.status != PraktijkverklaringStatus.CONCEPT:
        raise ValidationError(_("This praktijkverklaring has already been sent for signing."))
    if not pv.pdf:
        raise ValidationError(_("The PDF is not ready yet; try again in a moment."))
    po = pv.traject.praktijkopleider
    if po is None:
        raise ValidationError(
            _("The traject has no praktijkopleider to sign the praktijkverklaring.")
        )
    (ondertekening,) = vraag_ondertekeningen(
        actor=actor,
        document=pv,
        traject=pv.traject,
        partijen=[
            Partij(
                rol=PartijRol.PRAKTIJKOPLEIDER,
                organisatie_id=pv.traject.leerbedrijf_id,
                naam=po.get_full_name() or po.email,
                email=po.email,
            )
        ],
        sha256=pv.pdf_sha256,
    )
    pv.status = PraktijkverklaringStatus.TER_ONDERTEKENING
    pv.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="praktijkverklaring.verstuur",
        obj=pv,
        pilot_id=pv.traject.deelnemer.pilot_id,
    )
    return ondertekening


def na_ondertekening(*, praktijkverklaring_id: int) -> None:
    """Called by the signing flow (in its transaction) when the praktijkopleider signed."""
    pv = Praktijkverklaring.objects.select_for_update().get(pk=praktijkverklaring_id)
    getekend = pv.ondertekeningen.filter(getekend_op__isnull=False).order_by("-pk").first()
    if (
        getekend is None
        or getekend.getekend_op is None
        or pv.ondertekeningen.filter(getekend_op__isnull=True).exists()
    ):
        return
    pv.status = PraktijkverklaringStatus.ONDERTEKEND
    pv.ondertekend_op = getekend.getekend_op
    pv.inhoud = {
        **pv.inhoud,
        "ondertekend": {"naam": getekend.getekende_naam, "op": getekend.getekend_op.isoformat()},
    }
    pv.save(update_fields=["status", "ondertekend_op", "inhoud"])
    from .tasks import maak_ondertekende_praktijkverklaring_pdf

    pk = pv.pk
    outbox.schrijf_taak(maak_ondertekende_praktijkverklaring_pdf, pk)


class PraktijkverklaringAdapter(DocumentAdapter[Praktijkverklaring]):
    """A praktijkverklaring, for the signing flow (registered in apps.py)."""

    model = Praktijkverklaring

    def documenten(self) -> QuerySet[Praktijkverklaring]:
        return Praktijkverklaring.objects.select_related("traject__deelnemer")

    def stuk(self, document: Praktijkverklaring) -> Stuk:
        pv = document
        return Stuk(
            titel=_("Praktijkverklaring"),
            kort=_("Praktijkverklaring"),
            deelnemer=pv.inhoud["deelnemer"]["naam"],
            open=pv.status == PraktijkverklaringStatus.TER_ONDERTEKENING,
            pdf=pv.pdf,
            pdf_sha256=pv.pdf_sha256,
            pilot_id=pv.traject.deelnemer.pilot_id,
            nummer=pv.volgnummer,
            start=pv.inhoud.get("startdatum"),
            eind=pv.inhoud.get("einddatum"),
            inhoud=pv.inhoud,
        )

    def open_ids(self) -> QuerySet[Any]:
        return Praktijkverklaring.objects.filter(
            status=PraktijkverklaringStatus.TER_ONDERTEKENING
        ).values("pk")

    def na_ondertekening(self, document_id: int) -> None:
        na_ondertekening(praktijkverklaring_id=document_id)


@transaction.atomic
def trek_praktijkverklaring_in(
    *, actor: User | None, praktijkverklaring: Praktijkverklaring
) -> None:
    """Withdraw a praktijkverklaring that has not led to an issued mbo-verklaring (e.g. the
    praktijkopleider changed, or it never got signed): its open signature request is voided and
    a new one can be prepared."""
    pv = Praktijkverklaring.objects.select_for_update().get(pk=praktijkverklaring.pk)
    if pv.status == PraktijkverklaringStatus.VERVALLEN:
        raise ValidationError(_("This praktijkverklaring has already been withdrawn."))
    if pv.mbo_verklaringen.filter(registratie__isnull=False).exists():
        raise ValidationError(
            _(
                "An mbo-verklaring with this praktijkverklaring has been issued: "
                "revoke that instead."
            )
        )
    pv.ondertekeningen.filter(getekend_op__isnull=True, vervallen_op__isnull=True).update(
        vervallen_op=timezone.now()
    )
    pv.mbo_verklaringen.filter(registratie__isnull=True).delete()
    pv.status = PraktijkverklaringStatus.VERVALLEN
    pv.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="praktijkverklaring.intrekken",
        obj=pv,
        pilot_id=pv.traject.deelnemer.pilot_id,
    )


def nieuwe_verificatiecode() -> str:
    """A verification code not in the register yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALFABET) for _ in range(CODE_LENGTE))
        if not Registratie.objects.filter(verificatiecode=code).exists():
            return code


def _ondertekenaar(actor: User | None, naam: str, functie: str) -> tuple[str, str]:
    """The member of the examencommissie who signs, with their function. The name defaults to
    the issuing user's; the function to "member of the examencommissie"."""
    naam = " ".join((naam or "").split()) or (
        (actor.get_full_name() or "").strip() if actor is not None else ""
    )
    functie = " ".join((functie or "").split())
    fouten = []
    if heeft_stuurtekens(naam) or heeft_stuurtekens(functie):
        # Printed on the sealed PDF, which never changes after issuing.
        fouten.append(_("The name and function may not contain control characters."))
    if not naam:
        fouten.append(_("Enter the name of the member of the examencommissie who signs."))
    elif len(naam) > 200:
        fouten.append(_("The name is at most 200 characters."))
    if len(functie) > 100:
        fouten.append(_("The function is at most 100 characters."))
    if fouten:
        raise ValidationError(fouten)
    if not functie:
        with translation.override(settings.LANGUAGE_CODE):
            functie = _("member of the examencommissie")
    return naam, functie


@transaction.atomic
def geef_uit(
    *,
    actor: User | None,
    mbo_verklaring: MboVerklaring,
    ondertekenaar_naam: str = "",
    ondertekenaar_functie: str = "",
) -> Registratie:
    """Issue the mbo-verklaring (examencommissie of the institution): register it with a
    number and a verification code; the sealed PDF is made in the background. From now on the
    document never changes. Every werkproces on it must still be beheerst. It is signed for the
    examencommissie by a named member with their function (e.g. "J. de Vries", "voorzitter");
    the name defaults to the issuing user's."""
    mv = MboVerklaring.objects.select_for_update().get(pk=mbo_verklaring.pk)
    if not MboVerklaring.objects.filter(pk=mv.pk).for_user(actor, "issue").exists():
        raise PermissionDenied
    if mv.registratie_id:
        raise ValidationError(_("This mbo-verklaring has already been issued."))
    naam, functie = _ondertekenaar(actor, ondertekenaar_naam, ondertekenaar_functie)
    pv = mv.praktijkverklaring
    traject = pv.traject
    if pv.status != PraktijkverklaringStatus.ONDERTEKEND:
        raise ValidationError(_("The praktijkopleider has not signed the praktijkverklaring yet."))
    # Lock the agreed werkprocessen: a concurrent "no longer beheerst" waits for this, or this
    # sees it (codes are unique only within a kwalificatie: compare crebo and code).
    list(traject.traject_werkprocessen.select_for_update().values_list("pk", flat=True))
    beheerst = set(
        beheerste_werkprocessen(traject).values_list(
            "werkproces__kwalificatie__crebo", "werkproces__code"
        )
    )
    niet_meer = [
        f"{w['crebo']} {w['code']}"
        for w in pv.inhoud["werkprocessen"]
        if (w["crebo"], w["code"]) not in beheerst
    ]
    if niet_meer:
        raise ValidationError(
            _("Not beheerst (any more): %(codes)s. Prepare a new praktijkverklaring.")
            % {"codes": ", ".join(niet_meer)}
        )
    nu = timezone.now()
    registratie = Registratie.objects.create(
        nummer=f"tmp-{secrets.token_hex(8)}",
        verificatiecode=nieuwe_verificatiecode(),
        pilot_id=traject.deelnemer.pilot_id,
        deelnemer=traject.deelnemer,
        instelling=mv.mbo_instelling,
        instelling_naam=mv.mbo_instelling.naam,
        uitgegeven_op=timezone.localdate(),
        houder_naam=pv.inhoud["deelnemer"]["naam"],
        werkprocessen=pv.inhoud["werkprocessen"],
        volgnummer=pv.volgnummer,
        leerbedrijf_id=traject.leerbedrijf_id,
        brancheorganisaties=sorted(
            {b["naam"] for b in mv.brancheorganisaties or [] if b.get("naam")}
        ),
    )
    registratie.nummer = f"MV-{nu:%Y}-{registratie.pk:06d}"
    registratie.save(update_fields=["nummer"])
    if mv.vervangt_id:
        oud = Registratie.objects.select_for_update().get(pk=mv.vervangt_id)
        if oud.status != RegistratieStatus.GELDIG or oud.instelling_id != mv.mbo_instelling_id:
            raise ValidationError(
                _("The mbo-verklaring this one corrects is no longer valid, or was issued by "
                  "another institution.")
            )  # fmt: skip
        oud.status = RegistratieStatus.VERVANGEN
        oud.vervangen_door = registratie
        oud.save(update_fields=["status", "vervangen_door"])
    mv.registratie = registratie
    mv.uitgegeven_door = actor
    mv.uitgegeven_op = nu
    mv.ondertekenaar_naam, mv.ondertekenaar_functie = naam, functie
    mv.save(
        update_fields=[
            "registratie", "uitgegeven_door", "uitgegeven_op",
            "ondertekenaar_naam", "ondertekenaar_functie",
        ]
    )  # fmt: skip
    from .tasks import maak_mbo_verklaring_pdf

    pk = mv.pk
    outbox.schrijf_taak(maak_mbo_verklaring_pdf, pk)
    audit.record(
        actor=actor,
        action="mbo_verklaring.uitgifte",
        obj=registratie,
        pilot_id=traject.deelnemer.pilot_id,
        changes={"nummer": registratie.nummer, "ondertekenaar": f"{naam}, {functie}"},
    )
    return registratie


def verificatie_link(code: str) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse("verificatie-code", args=[code])
    except NoReverseMatch:
        path = f"/verificatie/{code}/"
    return settings.SITE_URL.rstrip("/") + path


def na_uitgifte_pdf(mbo_verklaring_id: int) -> None:
    """After the sealed PDF is made: e-mail it to the participant (a task that retries when the
    mail server fails)."""
    from .tasks import mail_verklaring_aan_deelnemer

    outbox.schrijf_taak(mail_verklaring_aan_deelnemer, mbo_verklaring_id)


def mail_deelnemer(mbo_verklaring_id: int) -> None:
    """E-mail the sealed PDF to the participant, with the verification link they can share with
    an employer."""
    mv = MboVerklaring.objects.select_related(
        "registratie", "praktijkverklaring__traject__deelnemer"
    ).get(pk=mbo_verklaring_id)
    deelnemer = mv.praktijkverklaring.traject.deelnemer
    if not deelnemer.email or not mv.pdf or mv.registratie is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMessage(
            subject=_("Your mbo-verklaring %(nummer)s") % {"nummer": mv.registratie.nummer},
            body=render_notification(
                template="verklaringen/email/uitgegeven.txt",
                context={"mv": mv, "registratie": mv.registratie},
                naam=mv.registratie.houder_naam,
                link=verificatie_link(mv.registratie.verificatiecode),
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[deelnemer.email],
        )
    with mv.pdf.open("rb") as f:
        message.attach(f"{mv.registratie.nummer}.pdf", f.read(), "application/pdf")
    message.send()
