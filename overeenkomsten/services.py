"""Write operations on agreements: generate them from a traject, change them (a new version),
send them for signing, and render their PDFs. The signing itself is the `ondertekening` app's;
`VersieAdapter` tells it what an agreement version is and what its last signature does."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kwalificaties.services import controleer_officieel
from ondertekening.adapters import DocumentAdapter, Stuk
from ondertekening.models import Ondertekening
from ondertekening.services import Partij, vervallen, vraag_ondertekeningen_samen
from praktijkleren import audit, outbox
from praktijkleren.models import User
from praktijkleren.pdf import render_pdf, sha256
from praktijkleren.validators import controleer_invoer, datum_fout, einde_na_start
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

from .constants import OvereenkomstSoort, PdfStatus, VersieStatus
from .inhoud import controleer, nodige_soorten, standaard_inhoud, weken
from .models import Overeenkomst, OvereenkomstVersie

# Multi-line clauses of the POK; every other text of an agreement is one line.
CLAUSULE_VELDEN = ("begeleiding", "beoordeling", "beeindiging")

__all__ = [
    "VersieAdapter",
    "genereer_overeenkomsten",
    "render_versie_pdf",
    "valideer_voor_ondertekening",
    "verstuur_ter_ondertekening",
    "wijzig_overeenkomst",
]


def _queue_pdf(versie: OvereenkomstVersie) -> None:
    from .tasks import render_overeenkomst_pdf

    pk = versie.pk
    outbox.schrijf_taak(render_overeenkomst_pdf, pk)


def _nieuwe_versie(
    *, overeenkomst: Overeenkomst, inhoud: dict[str, Any], nummer: int, actor: Any
) -> OvereenkomstVersie:
    versie = OvereenkomstVersie.objects.create(
        overeenkomst=overeenkomst,
        nummer=nummer,
        inhoud=inhoud,
        startdatum=inhoud["startdatum"],
        einddatum=inhoud["einddatum"],
        created_by=actor if getattr(actor, "pk", None) else None,
        pdf_aangevraagd_op=timezone.now(),
    )
    _queue_pdf(versie)
    return versie


@transaction.atomic
def genereer_overeenkomsten(*, actor: User | None, traject: Traject) -> list[Overeenkomst]:
    """Generate the agreements a traject needs (OOK and POK; the PLOK only when its funding needs
    one) that it does not have yet, from what was agreed; each gets version 1 and its PDF is
    rendered in the background."""
    Traject.objects.select_for_update().filter(pk=traject.pk).first()  # one generation at a time
    fouten = []
    if traject.status not in (TrajectStatus.GEPLAND, TrajectStatus.LOPEND):
        fouten.append(_("Agreements can only be generated for a planned or running traject."))
    if not traject.startdatum or not traject.geplande_einddatum:
        fouten.append(_("The traject needs a start date and a planned end date first."))
    if traject.mbo_instelling_id is None or traject.leerbedrijf_id is None:
        fouten.append(_("The traject needs an mbo-instelling and a leerbedrijf first."))
    if not traject.traject_werkprocessen.exists():
        fouten.append(_("Agree the werkprocessen of the traject first."))
    fouten += controleer_officieel(_werkprocessen(traject))
    if fouten:
        raise ValidationError(fouten)
    bestaand = set(traject.overeenkomsten.values_list("soort", flat=True))
    nieuw = []
    for soort in nodige_soorten(traject):
        if soort in bestaand:
            continue
        overeenkomst = Overeenkomst.objects.create(traject=traject, soort=soort)
        # The content keeps labels (route, funding, erkenning status) as printed: in Dutch,
        # whatever language the user who generates it reads.
        with translation.override(settings.LANGUAGE_CODE):
            inhoud = standaard_inhoud(traject, soort, actor)
        _nieuwe_versie(
            overeenkomst=overeenkomst,
            inhoud=inhoud,
            nummer=1,
            actor=actor,
        )
        nieuw.append(overeenkomst)
    if not nieuw:
        raise ValidationError(_("This traject already has all the agreements it needs."))
    audit.record(
        actor=actor,
        action="overeenkomsten.genereer",
        obj=traject,
        pilot_id=traject.deelnemer.pilot_id,
        changes={"soorten": [o.soort for o in nieuw]},
    )
    return nieuw


def huidige_versie(overeenkomst: Overeenkomst, *, lock: bool = False) -> OvereenkomstVersie:
    qs = overeenkomst.versies.order_by("-nummer")
    if lock:
        qs = qs.select_for_update()
    return qs[0]


def _controleer_wijzigingen(wijzigingen: dict[str, Any], inhoud: dict[str, Any]) -> None:
    """Dates between 1900 and 2100 with the end after the start, and no control characters in
    what is printed on the PDF or put in the signing e-mails (names, organisations, clauses)."""
    errors: dict[str, Any] = {}
    datums: dict[str, Any] = {}
    for veld in ("startdatum", "einddatum"):
        waarde = inhoud.get(veld)
        try:
            datums[veld] = date.fromisoformat(str(waarde)) if waarde else None
        except ValueError:
            errors[veld] = _("Enter a valid date.")
            continue
        if veld in wijzigingen and (fout := datum_fout(datums[veld])):
            errors[veld] = fout
    if not errors:
        try:
            einde_na_start(datums["startdatum"], datums["einddatum"], gelijk_mag=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    teksten = {k: v for k, v in wijzigingen.items() if isinstance(v, str)}
    for partij in wijzigingen.get("partijen") or []:
        for veld in ("naam", "organisatie"):
            if isinstance(partij.get(veld), str):
                teksten[f"{veld}_{partij.get('rol')}"] = partij[veld]
    try:
        controleer_invoer(
            teksten,
            regels=[k for k in teksten if k not in CLAUSULE_VELDEN],
            teksten=CLAUSULE_VELDEN,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def wijzig_overeenkomst(
    *, actor: User | None, overeenkomst: Overeenkomst, wijzigingen: dict[str, Any]
) -> OvereenkomstVersie:
    """Change an agreement: always a new version. If the earlier version was sent for signing,
    its signatures (given or pending) are voided and every party is told."""
    # One change at a time: a double-submitted form waits, then builds on the newest version.
    Overeenkomst.objects.select_for_update().filter(pk=overeenkomst.pk).first()
    vorige = huidige_versie(overeenkomst, lock=True)
    if vorige.status == VersieStatus.ONDERTEKEND and overeenkomst.traject.status in (
        TrajectStatus.AFGEROND,
        TrajectStatus.GESTOPT,
    ):
        raise ValidationError(_("The traject has ended: its agreements can no longer change."))
    inhoud = {**vorige.inhoud, **wijzigingen}
    _controleer_wijzigingen(wijzigingen, inhoud)
    if inhoud == vorige.inhoud:
        raise ValidationError(_("Nothing was changed."))
    nu = timezone.now()
    was_verstuurd = vorige.status in (VersieStatus.TER_ONDERTEKENING, VersieStatus.ONDERTEKEND)
    vorige.status = VersieStatus.VERVALLEN
    vorige.vervallen_op = nu
    vorige.save(update_fields=["status", "vervallen_op"])
    if was_verstuurd:
        vervallen(document=vorige)
    versie = _nieuwe_versie(
        overeenkomst=overeenkomst, inhoud=inhoud, nummer=vorige.nummer + 1, actor=actor
    )
    audit.record(
        actor=actor,
        action="overeenkomst.wijzig",
        obj=versie,
        pilot_id=overeenkomst.traject.deelnemer.pilot_id,
        changes={k: [vorige.inhoud.get(k), v] for k, v in wijzigingen.items()
                 if vorige.inhoud.get(k) != v},
    )  # fmt: skip
    return versie


def _werkprocessen(traject: Traject) -> list[Any]:
    return [
        tw.werkproces
        for tw in traject.traject_werkprocessen.select_related("werkproces__kwalificatie")
    ]


def valideer_voor_ondertekening(traject: Traject) -> list[str]:
    """Why the agreements of this traject cannot be sent for signing yet (empty when they can):
    every agreement it needs present and complete, the same start date on all, PLOK at most 40
    weeks, the leerbedrijf and the mbo-instelling recognised for every crebo (the erkenning
    register; no override), and the PDFs ready."""
    fouten: list[str] = list(traject.erkenning_blokkades())
    fouten += controleer_officieel(_werkprocessen(traject))
    overeenkomsten = {o.soort: o for o in traject.overeenkomsten.prefetch_related("versies")}
    versies = {}
    for soort in nodige_soorten(traject):
        if soort not in overeenkomsten:
            fouten.append(_("The %(soort)s is missing.") % {"soort": OvereenkomstSoort(soort).name})
            continue
        versie = overeenkomsten[soort].huidige_versie
        assert versie is not None
        versies[soort] = versie
        fouten += controleer(soort, versie.inhoud)
        if versie.pdf_status != PdfStatus.KLAAR:
            fouten.append(
                _("The PDF of the %(soort)s is not ready yet; try again in a moment.")
                % {"soort": OvereenkomstSoort(soort).name}
            )
    starts = {soort: v.inhoud.get("startdatum") for soort, v in versies.items()}
    if len(set(starts.values())) > 1:
        fouten.append(
            _("The start date must be the same on all agreements (now %(data)s).")
            % {
                "data": ", ".join(
                    f"{OvereenkomstSoort(s).name} {_nl_datum(d)}" for s, d in starts.items()
                )
            }
        )
    if versies and all(v.status != VersieStatus.CONCEPT for v in versies.values()):
        fouten.append(_("All agreements have already been sent for signing."))
    return fouten


def _nl_datum(iso: str) -> str:
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(iso), "j F Y")
    except (TypeError, ValueError):
        return "-"


@transaction.atomic
def verstuur_ter_ondertekening(*, actor: User | None, traject: Traject) -> list[Ondertekening]:
    """Validate the three agreements together, then send every party of each draft version a
    personal signing link by e-mail."""
    Traject.objects.select_for_update().filter(pk=traject.pk).first()
    fouten = valideer_voor_ondertekening(traject)
    if fouten:
        raise ValidationError(fouten)
    stukken = []
    for overeenkomst in traject.overeenkomsten.all():
        versie = huidige_versie(overeenkomst, lock=True)
        if versie.status == VersieStatus.CONCEPT:
            stukken.append(_verstuur_versie(actor=actor, versie=versie, traject=traject))
    # One signing session per person: one link and one code for all their agreements (issue 11).
    verstuurd = vraag_ondertekeningen_samen(actor=actor, traject=traject, stukken=stukken)
    audit.record(
        actor=actor,
        action="overeenkomsten.verstuur",
        obj=traject,
        pilot_id=traject.deelnemer.pilot_id,
        changes={"ondertekeningen": len(verstuurd)},
    )
    return verstuurd


def _verstuur_versie(
    *, actor: User | None, versie: OvereenkomstVersie, traject: Traject
) -> tuple[OvereenkomstVersie, list[Partij], str]:
    """Mark a draft version out for signing; returns what its parties are asked to sign (the
    caller sends all versions together: one signature row per party, one link per person)."""
    partijen = [
        Partij(
            rol=partij["rol"],
            organisatie_id=partij.get("organisatie_id"),
            naam=partij["naam"].strip(),
            email=(partij.get("email") or "").strip(),
        )
        for partij in versie.inhoud["partijen"]
    ]
    versie.status = VersieStatus.TER_ONDERTEKENING
    versie.verzonden_op = timezone.now()
    versie.save(update_fields=["status", "verzonden_op"])
    return versie, partijen, versie.pdf_sha256


def _versie_getekend(versie_id: int) -> None:
    """The last signature marks the version signed and queues the final PDF."""
    versie = OvereenkomstVersie.objects.select_for_update().get(pk=versie_id)
    if not versie.ondertekeningen.filter(getekend_op__isnull=True).exists():
        versie.status = VersieStatus.ONDERTEKEND
        versie.ondertekend_op = timezone.now()
        versie.save(update_fields=["status", "ondertekend_op"])
        from .tasks import maak_definitief_pdf

        pk = versie.pk
        outbox.schrijf_taak(maak_definitief_pdf, pk)


class VersieAdapter(DocumentAdapter[OvereenkomstVersie]):
    """An agreement version, for the signing flow (registered in apps.py)."""

    model = OvereenkomstVersie

    def documenten(self) -> QuerySet[OvereenkomstVersie]:
        return OvereenkomstVersie.objects.select_related("overeenkomst__traject__deelnemer")

    def stuk(self, document: OvereenkomstVersie) -> Stuk:
        v = document
        return Stuk(
            titel=v.overeenkomst.get_soort_display(),
            kort=v.overeenkomst.soort.upper(),
            deelnemer=v.inhoud["deelnemer"]["naam"],
            open=v.status == VersieStatus.TER_ONDERTEKENING,
            pdf=v.pdf,
            pdf_sha256=v.pdf_sha256,
            pilot_id=v.overeenkomst.traject.deelnemer.pilot_id,
            nummer=v.nummer,
            start=v.startdatum,
            eind=v.einddatum,
            inhoud=v.inhoud,
            toon_versie=True,
            bekijk_url=reverse("overeenkomsten:pdf", args=[v.pk, "concept"]),
            volgorde=OvereenkomstSoort.values.index(v.overeenkomst.soort),
        )

    def open_ids(self) -> QuerySet[Any]:
        return OvereenkomstVersie.objects.filter(status=VersieStatus.TER_ONDERTEKENING).values("pk")

    def na_ondertekening(self, document_id: int) -> None:
        _versie_getekend(document_id)

    def blokkade(self, document: OvereenkomstVersie) -> str | None:
        """Signing stops while a recognition is not (or no longer) in order."""
        blokkades = document.overeenkomst.traject.erkenning_blokkades()
        if not blokkades:
            return None
        return _(
            "Signing is not possible at the moment: %(reden)s The mbo-instelling has been told "
            "and will contact you."
        ) % {"reden": " ".join(blokkades)}


def render_versie_pdf(versie_id: int) -> OvereenkomstVersie:
    """Render a version's PDF once: a second run (or a second worker) finds it done. A failure
    is recorded with its reason (shown on the agreement page) and not retried by the sweeper."""
    try:
        return _render_versie_pdf(versie_id)
    except Exception as exc:
        # Outside the failed transaction, so the reason is kept.
        OvereenkomstVersie.objects.filter(pk=versie_id, pdf="").update(
            pdf_status=PdfStatus.MISLUKT, pdf_fout=str(exc)[:300]
        )
        raise


def _render_versie_pdf(versie_id: int) -> OvereenkomstVersie:
    with transaction.atomic():
        versie = (
            OvereenkomstVersie.objects.select_for_update()
            .select_related("overeenkomst__traject__deelnemer")
            .get(pk=versie_id)
        )
        # Done already, or the dossier was anonymised: never make the document again.
        if versie.pdf or versie.overeenkomst.traject.deelnemer.geanonimiseerd_op:
            return versie
        # The document is Dutch, whoever asked for it.
        with translation.override(settings.LANGUAGE_CODE):
            _html, pdf = render_pdf("overeenkomsten/pdf/overeenkomst.html", pdf_context(versie))
        soort = versie.overeenkomst.soort
        versie.pdf.save(f"{soort}-v{versie.nummer}.pdf", ContentFile(pdf), save=False)
        versie.pdf_sha256 = sha256(pdf)
        versie.pdf_status = PdfStatus.KLAAR
        versie.pdf_fout = ""
        versie.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_fout"])
        return versie


def pdf_context(versie: OvereenkomstVersie) -> dict[str, Any]:
    from datetime import date

    def datum(value: str | None) -> date | None:
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None

    inhoud = versie.inhoud
    start, eind = date.fromisoformat(inhoud["startdatum"]), date.fromisoformat(inhoud["einddatum"])
    duur = weken(start, eind)
    return {
        "versie": versie,
        "soort": versie.overeenkomst.soort,
        "titel": OvereenkomstSoort(versie.overeenkomst.soort).label,
        "inhoud": inhoud,
        "startdatum": start,
        "einddatum": eind,
        "geboortedatum": date.fromisoformat(inhoud["deelnemer"]["geboortedatum"]),
        "duur_weken": duur,
        "totaal_uren": (inhoud.get("uren_per_week") or 0) * duur,
        "erkenningen": [
            {
                **e,
                "sinds": datum(e.get("sinds")),
                "gecontroleerd_op": datum(e.get("gecontroleerd_op")),
            }
            for e in inhoud.get("erkenningen", [])
        ],
    }
