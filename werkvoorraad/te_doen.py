"""The "Te doen" list on the start page: per role, what waits for the user in the current pilot,
each item linking to where the work is done; and the number in the menu.

Composed from the selectors of the apps below. Every list is one queryset scoped with the
model's `for_user` and the current pilot; the page reads at most `MAX_ITEMS` rows and one count
per list, and the menu only the counts, in one query whose statement is kept per user and pilot
(`aantal`): the number of queries depends on the user's roles, never on the number of rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deelnemers.constants import DeelnemerStatus, EventSoort
from deelnemers.models import Deelnemer, DeelnemerEvent
from deelnemers.querysets import followed_deelnemers
from intake.services import te_laat
from leerbanen.selectors import te_beantwoorden, voorstel_regel
from monitoring.constants import RapportStatus
from monitoring.models import MonitorRapport
from ondertekening.models import Ondertekening
from ondertekening.selectors import open_ondertekeningen
from overeenkomsten.models import OvereenkomstVersie
from overeenkomsten.selectors import geblokkeerd_door_erkenning
from pilots import roles
from pilots.roles import Role
from trajecten.constants import TrajectStatus, WerkprocesStatus
from trajecten.models import Traject, TrajectWerkproces
from trajecten.selectors.voortgang import caseload
from verklaringen.selectors import klaar_voor_uitgifte

# Rows shown per list; the count says how many there are.
MAX_ITEMS = 10
# A jobcoach's participant without contact for this long counts as waiting.
CONTACT_TERMIJN = timedelta(days=28)
# A verwijzer sees what changed for their referrals in this period.
WIJZIGINGEN_TERMIJN = timedelta(days=14)
STATUS_EVENTS = [
    EventSoort.INTAKE_GEPLAND,
    EventSoort.ADVIES,
    EventSoort.STATUS,
    EventSoort.TRAJECT,
]


@dataclass(frozen=True)
class Actie:
    """A button next to an item that posts to `url` (e.g. send a signing link again)."""

    url: str
    label: str


@dataclass(frozen=True)
class Item:
    titel: str
    url: str
    toelichting: str = ""
    actie: Actie | None = None


@dataclass
class Lijst:
    sleutel: str  # stable key, for tests and styling
    kop: str
    items: list[Item]
    aantal: int  # how many there are (items holds at most MAX_ITEMS)
    meer_url: str = ""

    @property
    def rest(self) -> int:
        """How many are not shown (the next ones appear as the first are done)."""
        return self.aantal - len(self.items)


@dataclass
class _Bron:
    """One list before it is read: its rows, how to show a row, and what counts as waiting
    (for the menu; by default every row)."""

    sleutel: str
    kop: str
    rijen: QuerySet[Any]
    item: Callable[[Any], Item]
    meer_url: str = ""
    wachtend: QuerySet[Any] | None = field(default=None)

    def lees(self) -> Lijst:
        items = [self.item(r) for r in self.rijen[:MAX_ITEMS]]
        aantal = self.rijen.count()
        return Lijst(
            self.sleutel, self.kop, items, aantal, self.meer_url if aantal > len(items) else ""
        )

    def te_tellen(self) -> QuerySet[Any]:
        return self.wachtend if self.wachtend is not None else self.rijen


def _datum(d: Any) -> str:
    if hasattr(d, "hour"):
        d = timezone.localtime(d)
    return date_format(d, "j F Y")


def _deelnemers(user: Any, pilot: Any) -> QuerySet[Deelnemer]:
    return Deelnemer.objects.for_user(user, "view").filter(pilot=pilot)


def _opnieuw(o: Ondertekening, label: str) -> Actie | None:
    if not o.email:
        return None
    return Actie(reverse("te-doen-opnieuw", args=[o.pk]), label)


def _handtekening_status(o: Any) -> str:
    if o.geblokkeerd:
        return _("blocked after too many wrong codes")
    if o.verlopen:
        return _("the link has expired")
    if not o.email:
        return _("no e-mail address: sign in person or on paper")
    if o.verstuurd_op:
        return _("link sent on %(datum)s") % {"datum": _datum(o.verstuurd_op)}
    return _("not signed yet")


# Examencommissie


def _uit_te_geven(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "uit_te_geven",
        _("Verklaringen ready to issue"),
        klaar_voor_uitgifte(user, pilot),
        lambda mv: Item(
            str(mv.praktijkverklaring.traject.deelnemer),
            mv.get_absolute_url(),
            _("Mbo-verklaring of %(instelling)s, ready since %(datum)s")
            % {"instelling": mv.mbo_instelling.naam, "datum": _datum(mv.created_at)},
        ),
    )


# Mbo-medewerker


def _intakes(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "intakes",
        _("Intakes to plan"),
        _deelnemers(user, pilot)
        .filter(status=DeelnemerStatus.AANGEMELD)
        .order_by("aangemeld_op", "pk"),
        lambda d: Item(
            str(d),
            reverse("intake:plan", args=[d.pk]),
            _("referred on %(datum)s") % {"datum": _datum(d.aangemeld_op)},
        ),
        reverse("deelnemers:list") + f"?status={DeelnemerStatus.AANGEMELD}",
    )


def _te_laat(user: Any, pilot: Any, *, naar_advies: bool) -> _Bron:
    def item(d: Deelnemer) -> Item:
        url = reverse("intake:advies", args=[d.pk]) if naar_advies else d.get_absolute_url()
        return Item(
            str(d), url, _("advice was due on %(datum)s") % {"datum": _datum(d.advies_uiterlijk)}
        )

    return _Bron(
        "advies_te_laat",
        _("Advice overdue") if naar_advies else _("Overdue dossiers"),
        te_laat(_deelnemers(user, pilot), today=timezone.localdate()).order_by(
            "aangemeld_op", "pk"
        ),
        item,
        reverse("deelnemers:list") + "?te_laat=1",
    )


def _handtekeningen(user: Any, pilot: Any) -> _Bron:
    open_: Any = open_ondertekeningen(
        Ondertekening.objects.for_user(user, "change").filter(traject__deelnemer__pilot=pilot)
    )
    rijen = open_.select_related("traject__deelnemer").order_by(
        "-geblokkeerd", "-verlopen", "verstuurd_op", "pk"
    )
    return _Bron(
        "handtekeningen",
        _("Signatures open, blocked or expired"),
        rijen,
        lambda o: Item(
            f"{o.naam} ({o.get_rol_display()}) · {o.traject.deelnemer}",
            o.traject.get_absolute_url(),
            _handtekening_status(o),
            _opnieuw(o, _("Send again")),
        ),
    )


def _zonder_kwaliteitsmoment(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "kwaliteit",
        _("Trajecten without a quality review"),
        Traject.objects.for_user(user, "change")
        .filter(
            deelnemer__pilot=pilot, status=TrajectStatus.LOPEND, kwaliteitsmomenten__isnull=True
        )
        .select_related("deelnemer", "leerbedrijf")
        .order_by("startdatum", "pk"),
        lambda t: Item(
            str(t.deelnemer),
            reverse("trajecten:voortgang-kwaliteitsmoment", args=[t.pk]),
            _("at %(leerbedrijf)s, started on %(datum)s")
            % {
                "leerbedrijf": t.leerbedrijf.naam if t.leerbedrijf else "-",
                "datum": _datum(t.startdatum) if t.startdatum else "-",
            },
        ),
    )


# Projectleider


def _rapporten(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "rapport",
        _("Monitor report to fill in"),
        MonitorRapport.objects.for_user(user, "change")
        .filter(pilot=pilot)
        .exclude(status=RapportStatus.INGEDIEND)
        .order_by("periode_start"),
        lambda r: Item(
            _("Monitor report %(periode)s") % {"periode": r.periode_label},
            r.get_absolute_url(),
            r.get_status_display(),
        ),
    )


def _geblokkeerde_overeenkomsten(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "geblokkeerd",
        _("Agreements blocked by a recognition"),
        geblokkeerd_door_erkenning(
            OvereenkomstVersie.objects.for_user(user, "view").filter(
                overeenkomst__traject__deelnemer__pilot=pilot
            )
        )
        .select_related("overeenkomst__traject__deelnemer")
        .order_by("verzonden_op", "pk"),
        lambda v: Item(
            f"{v.overeenkomst.get_soort_display()} · {v.overeenkomst.traject.deelnemer}",
            v.overeenkomst.get_absolute_url(),
            _("signing waits for a recognition of the leerbedrijf or the mbo-instelling"),
        ),
    )


# Praktijkopleider


def _te_beoordelen(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "beoordelen",
        _("Werkprocessen to assess"),
        TrajectWerkproces.objects.for_user(user, "beoordelen")
        .filter(
            traject__deelnemer__pilot=pilot,
            traject__status=TrajectStatus.LOPEND,
            status=WerkprocesStatus.BEZIG,
        )
        .select_related("werkproces", "traject__deelnemer")
        .order_by("traject__deelnemer__achternaam", "traject_id", "werkproces__code"),
        lambda tw: Item(
            f"{tw.werkproces.code} {tw.werkproces.naam}",
            reverse("trajecten:voortgang-werkproces", args=[tw.pk]),
            str(tw.traject.deelnemer),
        ),
    )


def _te_tekenen(user: Any, pilot: Any) -> _Bron:
    return _Bron(
        "tekenen",
        _("Documents to sign"),
        open_ondertekeningen(
            Ondertekening.objects.for_user(user, "view").filter(
                traject__deelnemer__pilot=pilot, email__iexact=user.email
            )
        )
        .select_related("traject__deelnemer", "document_type")
        .order_by("verstuurd_op", "pk"),
        lambda o: Item(
            f"{_document(o)} · {o.traject.deelnemer}",
            o.traject.get_absolute_url(),
            _("The signing link is in your e-mail (%(status)s).")
            % {"status": _handtekening_status(o)},
            _opnieuw(o, _("E-mail me the link again")),
        ),
    )


def _document(o: Ondertekening) -> str:
    model = o.document_type.model_class()
    naam = str(model._meta.verbose_name) if model is not None else ""
    return naam[:1].upper() + naam[1:]


# Jobcoach


def _caseload(user: Any, pilot: Any) -> _Bron:
    rijen = caseload(
        Traject.objects.for_user(user, "view").filter(deelnemer__pilot=pilot, jobcoach=user)
    )
    grens = timezone.localdate() - CONTACT_TERMIJN

    def item(t: Any) -> Item:
        contact = (
            _("last contact %(datum)s") % {"datum": _datum(t.laatste_contact)}
            if t.laatste_contact
            else _("no contact recorded yet")
        )
        return Item(str(t.deelnemer), t.get_absolute_url(), contact)

    return _Bron(
        "caseload",
        _("My participants and the last contact"),
        rijen,
        item,
        reverse("trajecten:mijn-deelnemers"),
        wachtend=rijen.filter(Q(laatste_contact__isnull=True) | Q(laatste_contact__lt=grens)),
    )


def _voorstellen(user: Any, pilot: Any) -> _Bron:
    """Proposals waiting for the contact person of a leerbaan (a praktijkopleider, the WSP)."""
    kop, meer = _("Candidates proposed for your leerbanen"), reverse("leerbanen:matches")
    rijen = te_beantwoorden(user, pilot)
    return _Bron("voorstellen", kop, rijen, lambda m: Item(*voorstel_regel(m)), meer)


# Verwijzer


def _statuswijzigingen(user: Any, pilot: Any) -> _Bron:
    eigen = Deelnemer.objects.filter(followed_deelnemers(user) | Q(verwezen_door=user))
    rijen = (
        DeelnemerEvent.objects.for_user(user, "view")
        .filter(
            deelnemer__pilot=pilot,
            deelnemer__in=eigen.values("pk"),
            soort__in=STATUS_EVENTS,
            at__gte=timezone.now() - WIJZIGINGEN_TERMIJN,
        )
        .select_related("deelnemer")
        .order_by("-at", "-pk")
    )
    return _Bron(
        "statuswijzigingen",
        _("Status changes of your referrals"),
        rijen,
        lambda e: Item(
            str(e.deelnemer),
            e.deelnemer.get_absolute_url(),
            f"{_datum(e.at)}: {e.get_soort_display()}" + (f" ({e.tekst})" if e.tekst else ""),
        ),
    )


def _bronnen(user: Any, pilot: Any) -> list[_Bron]:
    """The lists for the user's roles in this pilot (national roles have none)."""
    if not pilot or not roles.is_authenticated(user):  # request.pilot is a lazy object
        return []
    rollen = set(roles.user_roles(user, pilot.pk))
    bronnen: list[_Bron] = []
    if Role.EXAMENCOMMISSIE in rollen:
        bronnen.append(_uit_te_geven(user, pilot))
    if Role.MBO_MEDEWERKER in rollen:
        bronnen += [
            _intakes(user, pilot),
            _te_laat(user, pilot, naar_advies=True),
            _handtekeningen(user, pilot),
            _zonder_kwaliteitsmoment(user, pilot),
        ]
    if Role.PROJECTLEIDER in rollen:
        bronnen.append(_rapporten(user, pilot))
        if Role.MBO_MEDEWERKER not in rollen:
            bronnen.append(_te_laat(user, pilot, naar_advies=False))
        bronnen.append(_geblokkeerde_overeenkomsten(user, pilot))
    if Role.PRAKTIJKOPLEIDER in rollen:
        bronnen += [_te_beoordelen(user, pilot), _te_tekenen(user, pilot)]
    if Role.JOBCOACH in rollen:
        bronnen.append(_caseload(user, pilot))
    if Role.VERWIJZER in rollen:
        bronnen.append(_statuswijzigingen(user, pilot))
    if rollen & {Role.PRAKTIJKOPLEIDER, Role.WSP}:
        bronnen.append(_voorstellen(user, pilot))
    return bronnen


def lijsten(user: Any, pilot: Any) -> list[Lijst]:
    """The user's "Te doen" lists in this pilot, in the order of their roles."""
    return [bron.lees() for bron in _bronnen(user, pilot)]


def aantal(user: Any, pilot: Any) -> int:
    """How many things wait for the user in this pilot (the number in the menu, on every page):
    every list counted in one query, `SELECT (SELECT COUNT(*) FROM (list 1)), ...`."""
    if not pilot or not roles.is_authenticated(user):
        return 0
    sleutel = _telling_sleutel(user, pilot)
    telling = _TELLINGEN.get(sleutel) if sleutel is not None else None
    if telling is None:
        telling = _telling(user, pilot)
        if sleutel is not None and not any(isinstance(p, datetime) for p in telling[1]):
            _bewaar(sleutel, telling)
    sql, params = telling
    if not sql:
        return 0
    with connections[Traject.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        (n,) = cursor.fetchone()
    return int(n)


# The menu's counting query per user and pilot, kept per process: building the lists' querysets
# and compiling them costs more than running the query (about 10 ms of a 30-40 ms page). Only
# the statement is kept, never the number, which every request counts afresh. The key holds
# everything the statement is built from: the user's fields and memberships as read in this
# request, the pilot, and today's date (overdue lists); a statement with a moment in it (a
# verwijzer's recent changes) is never kept.
_TELLINGEN: OrderedDict[tuple[Any, ...], tuple[str, list[Any]]] = OrderedDict()
_TELLINGEN_MAX = 1024


def _vergeet_tellingen(**_kwargs: Any) -> None:
    """A flushed or migrated database may number content types anew: forget the statements."""
    _TELLINGEN.clear()


post_migrate.connect(_vergeet_tellingen, dispatch_uid="werkvoorraad.te_doen.tellingen")


def _telling_sleutel(user: Any, pilot: Any) -> tuple[Any, ...] | None:
    rollen = set(roles.user_roles(user, pilot.pk))
    if Role.VERWIJZER in rollen:
        return None
    return (
        user.pk,
        user.email,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        roles.lidmaatschappen(user),
        pilot.pk,
        timezone.localdate(),
    )


def _bewaar(sleutel: tuple[Any, ...], telling: tuple[str, list[Any]]) -> None:
    _TELLINGEN[sleutel] = telling
    while len(_TELLINGEN) > _TELLINGEN_MAX:
        _TELLINGEN.popitem(last=False)


def _telling(user: Any, pilot: Any) -> tuple[str, list[Any]]:
    """The query that counts every list of the user in this pilot, and its parameters ("" when
    there is nothing to count)."""
    delen: list[str] = []
    params: list[Any] = []
    for i, bron in enumerate(_bronnen(user, pilot)):
        qs = bron.te_tellen().order_by()
        try:
            sql, p = qs.values("pk").query.sql_with_params()
        except EmptyResultSet:
            continue  # a list that is empty by construction (e.g. no signable documents)
        delen.append(f"(SELECT COUNT(*) FROM ({sql}) AS lijst{i})")
        params.extend(p)
    if not delen:
        return "", []
    return "SELECT " + " + ".join(delen), params
