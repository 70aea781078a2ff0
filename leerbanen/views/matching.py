"""Candidates looking for a leerbaan, their ranked matching list, proposing a match, the contact
person's answer, and the traject agreed from an accepted match (pre-filled)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import CapabilityRequiredMixin, check_access, get_for_user_or_404
from praktijkleren.forms import add_service_errors
from praktijkleren.http import acting_user
from trajecten.constants import TrajectRoute
from trajecten.forms.traject import TrajectForm

from .. import matching, selectors, services
from ..constants import MatchStatus, ZoekStatus
from ..forms import AfwijsForm, VoorstelForm, ZoekvraagForm
from ..models import Leerbaan, Match, Zoekvraag
from .leerbanen import huidige_pilot

PER_PAGINA = 50
# The matching list: the best 25 first (ranked over all; the pages go on).
MATCHING_PER_PAGINA = 25


class KandidatenView(CapabilityRequiredMixin, TemplateView):
    """The current pilot's candidates looking for a leerbaan, and those with a positive advice
    who could be marked as looking."""

    required_cap = Cap.LEERBAAN_VIEW
    template_name = "leerbanen/kandidaten.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user, pilot = self.request.user, huidige_pilot(self.request)
        zoekvragen = Zoekvraag.objects.for_user(user, "view").select_related("deelnemer")
        zoekvragen = zoekvragen.filter(deelnemer__pilot=pilot) if pilot else zoekvragen.none()
        ctx["zoekvragen"] = zoekvragen.order_by("status", "created_at", "pk")
        ctx["zonder"] = []
        if pilot is not None and roles.has_cap(user, Cap.MATCH_PROPOSE, pilot.pk):
            ctx["zonder"] = selectors.met_positief_advies(
                Deelnemer.objects.for_user(user, "view").filter(pilot=pilot, zoekvraag__isnull=True)
            ).order_by("achternaam", "voornaam", "pk")[:100]
        return ctx


class ZoekvraagView(CapabilityRequiredMixin, FormView):
    """Mark a candidate as looking for a leerbaan, with their wishes, or change the wishes."""

    http_method_names = ["get", "head", "post"]
    required_cap = Cap.MATCH_PROPOSE
    template_name = "leerbanen/zoekvraag_form.html"
    form_class = ZoekvraagForm
    zoekvraag: Zoekvraag | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.deelnemer = get_for_user_or_404(
                Deelnemer.objects.select_related("pilot"), request.user, "view", pk=kwargs["pk"]
            )
            self.zoekvraag = selectors.zoekvraag_van(self.deelnemer)
            if self.zoekvraag is not None:
                check_access(request.user, self.zoekvraag, "change")
            elif not roles.has_cap(request.user, Cap.MATCH_PROPOSE, self.deelnemer.pilot_id):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "pilot": self.deelnemer.pilot}

    def get_initial(self) -> dict[str, Any]:
        zk = self.zoekvraag
        if zk is None:
            return {"sector": self.deelnemer.voorkeur_sector}
        eigen = {wp.kwalificatie_id for wp in zk.werkprocessen.all()}
        return {
            "postcode4": zk.postcode4, "plaats": zk.plaats, "subregio": zk.subregio_id,
            "uren_per_week": zk.uren_per_week, "start_vanaf": zk.start_vanaf,
            "sector": zk.sector, "toelichting": zk.toelichting,
            "werkprocessen": [wp.pk for wp in zk.werkprocessen.all()],
            "kwalificaties": [k for k in zk.kwalificaties.all() if k.pk not in eigen],
        }  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        advies = selectors.huidig_advies(self.deelnemer)
        return {
            **super().get_context_data(**kwargs),
            "deelnemer": self.deelnemer,
            "zoekvraag": self.zoekvraag,
            "advies": advies,
            "positief": selectors.is_positief(advies),
        }

    def form_valid(self, form: ZoekvraagForm) -> HttpResponse:
        try:
            zoekvraag = services.zoek_leerbaan(
                actor=acting_user(self.request), deelnemer=self.deelnemer, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The candidate is looking for a leerbaan."))
        return redirect(zoekvraag)


class MatchingView(CapabilityRequiredMixin, TemplateView):
    """The ranked matching list of one candidate: every open leerbaan ranked, 50 per page."""

    required_cap = Cap.LEERBAAN_VIEW
    template_name = "leerbanen/matching.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        wijzigbaar = Zoekvraag.objects.filter(pk=OuterRef("pk")).for_user(user, "change")
        zk = get_for_user_or_404(
            Zoekvraag.objects.select_related("deelnemer__pilot", "subregio", "advies").annotate(
                mag_wijzigen=Exists(wijzigbaar)
            ),
            user,
            "view",
            pk=kwargs["pk"],
        )
        leerbanen = Leerbaan.objects.for_user(user, "view")
        vandaag = timezone.localdate()
        # Whoever sees all of the pilot's leerbanen sees the same list: kept once for them.
        scope = (
            "pilot"
            if roles.has_cap(user, Cap.LEERBAAN_VIEW, zk.deelnemer.pilot_id)
            else f"user{user.pk}"
        )
        alle = matching.Gerangschikt(
            leerbanen, zk, scope=scope, vandaag=vandaag, per_pagina=MATCHING_PER_PAGINA
        )
        mag_wijzigen: bool = zk.mag_wijzigen  # type: ignore[attr-defined]
        can_propose = zk.status == ZoekStatus.ZOEKEND and mag_wijzigen
        taal = get_language()
        gevraagd = self.request.GET.get("page", "1")
        try:  # the page asked for, to read it ahead; the paginator decides what is shown
            nummer = max(int(gevraagd), 1) - 1
        except ValueError:
            nummer = 0
        rijen_variant = f"{taal}:{int(can_propose)}"
        alle.lees_vooraf(nummer, [("wensen", taal), (f"p{nummer}", rijen_variant)])
        paginator: Paginator[matching.Bewaard] = Paginator(alle, MATCHING_PER_PAGINA)  # type: ignore[arg-type]
        page = paginator.get_page(gevraagd)

        def wensen_html() -> str:
            return render_to_string(
                "leerbanen/_matching_wensen.html",
                {
                    "zoekvraag": zk,
                    "kwalificaties": zk.kwalificaties.all(),
                    "werkprocessen": zk.werkprocessen.select_related("kwalificatie"),
                },
            )

        def rijen_html() -> str:
            rijen = matching.met_leerbanen([matching.rij(r) for r in page.object_list])
            return render_to_string(
                "leerbanen/_matching_rijen.html",
                {
                    "rijen": rijen,
                    "eerste": page.start_index(),
                    "zoekvraag_id": zk.pk,
                    "can_propose": can_propose,
                },
            )

        # The wishes and the rows are rendered once per version of the data they show, and
        # kept with the ranked pages (leerbanen.matching.Gerangschikt.html).
        ctx.update(
            zoekvraag=zk,
            page_obj=page,
            wensen_html=mark_safe(alle.html("wensen", taal, wensen_html)),
            rijen_html=mark_safe(alle.html(f"p{page.number - 1}", rijen_variant, rijen_html)),
            aantal=page.paginator.count,
            is_paginated=page.has_other_pages(),
            can_propose=can_propose,
            can_change=mag_wijzigen,
        )
        return ctx


class VoorstelView(CapabilityRequiredMixin, FormView):
    """Propose the candidate for a leerbaan, with a note for the leerbedrijf."""

    http_method_names = ["get", "head", "post"]
    required_cap = Cap.MATCH_PROPOSE
    template_name = "leerbanen/voorstel_form.html"
    form_class = VoorstelForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.zoekvraag = get_for_user_or_404(
                Zoekvraag.objects.select_related("deelnemer"),
                request.user,
                "change",
                pk=kwargs["pk"],
            )
            self.leerbaan = get_for_user_or_404(
                Leerbaan.objects.select_related("organisatie", "contactpersoon").filter(
                    pilot_id=self.zoekvraag.deelnemer.pilot_id
                ),
                request.user,
                "view",
                pk=kwargs["leerbaan"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "zoekvraag": self.zoekvraag,
            "leerbaan": self.leerbaan,
        }

    def form_valid(self, form: VoorstelForm) -> HttpResponse:
        try:
            match = services.stel_voor(
                actor=acting_user(self.request),
                zoekvraag=self.zoekvraag,
                leerbaan=self.leerbaan,
                toelichting=form.cleaned_data["toelichting"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The candidate has been proposed; the leerbedrijf has been told.")
        )
        return redirect(match)


class MatchListView(CapabilityRequiredMixin, TemplateView):
    """Proposals waiting for the user's answer (the contact person), and the pilot's matches
    the user may see."""

    required_cap = Cap.PILOT_VIEW
    template_name = "leerbanen/match_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not selectors.mag_leerbanen_zien(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user, pilot = self.request.user, huidige_pilot(self.request)
        velden = ("leerbaan__organisatie", "zoekvraag__deelnemer", "voorgesteld_door")
        te_doen = Match.objects.for_user(user, "beantwoorden").filter(
            status=MatchStatus.VOORGESTELD
        )
        alle = Match.objects.for_user(user, "view")
        if pilot is not None:
            te_doen, alle = (
                te_doen.filter(leerbaan__pilot=pilot),
                alle.filter(leerbaan__pilot=pilot),
            )
        ctx["te_beantwoorden"] = te_doen.select_related(*velden).order_by("voorgesteld_op", "pk")
        page = Paginator(alle.select_related(*velden), PER_PAGINA).get_page(
            self.request.GET.get("page")
        )
        ctx.update(page_obj=page, matches=page.object_list, is_paginated=page.has_other_pages())
        return ctx


def _match(request: HttpRequest, pk: int, action: str = "view") -> Match:
    return get_for_user_or_404(
        Match.objects.select_related(
            "leerbaan__organisatie", "leerbaan__contactpersoon", "zoekvraag__deelnemer",
            "voorgesteld_door", "beantwoord_door", "traject",
        ),
        request.user,
        action,
        pk=pk,
    )  # fmt: skip


def _match_pagina(
    request: HttpRequest, match: Match, afwijs: AfwijsForm | None = None
) -> HttpResponse:
    user = request.user
    deelnemer = match.zoekvraag.deelnemer
    context = {
        "match": match,
        "zoekvraag": match.zoekvraag,
        "kan_antwoorden": match.status == MatchStatus.VOORGESTELD
        and match.leerbaan.contactpersoon_id == user.pk
        and Match.objects.filter(pk=match.pk).for_user(user, "beantwoorden").exists(),
        "afwijs_form": afwijs or AfwijsForm(),
        "kan_traject": match.status == MatchStatus.GEACCEPTEERD
        and match.traject_id is None
        and Deelnemer.objects.filter(pk=deelnemer.pk).for_user(user, "change").exists(),
    }
    return render(request, "leerbanen/match_detail.html", context)


class MatchDetailView(CapabilityRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _match_pagina(request, _match(request, pk))


class AccepterenView(CapabilityRequiredMixin, View):
    """POST: the contact person accepts the proposed candidate."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        match = _match(request, pk, "beantwoorden")
        try:
            services.accepteer(actor=acting_user(request), match=match)
            messages.success(request, _("You have accepted the candidate."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(match)


class AfwijzenView(CapabilityRequiredMixin, View):
    """POST: the contact person declines the proposed candidate, with a reason."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        match = _match(request, pk, "beantwoorden")
        form = AfwijsForm(request.POST)
        if form.is_valid():
            try:
                services.wijs_af(
                    actor=acting_user(request), match=match, reden=form.cleaned_data["reden"]
                )
                messages.success(request, _("You have declined the candidate."))
                return redirect(match)
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):  # answered already: nothing to correct
                    messages.error(request, " ".join(exc.messages))
                    return redirect(match)
                add_service_errors(form, exc)
        return _match_pagina(request, match, form)


class MatchTrajectView(CapabilityRequiredMixin, FormView):
    """The traject form of trajecten, pre-filled from the accepted match: leerbedrijf,
    werkprocessen (those of the leerbaan the candidate wished for, else all the leerbaan
    names; for a crebo without werkprocessen of its own, the wished ones), start date, hours.
    Saving agrees the traject and records it on the match."""

    http_method_names = ["get", "head", "post"]
    template_name = "trajecten/traject_form.html"
    form_class = TrajectForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.match = _match(request, kwargs["pk"])
            self.deelnemer = get_for_user_or_404(
                Deelnemer.objects.select_related("pilot"),
                request.user,
                "change",
                pk=self.match.zoekvraag.deelnemer_id,
            )
            if self.match.status != MatchStatus.GEACCEPTEERD or self.match.traject_id:
                messages.error(
                    request, _("Only an accepted match without a traject becomes a traject.")
                )
                return redirect(self.match)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "pilot": self.deelnemer.pilot}

    def get_initial(self) -> dict[str, Any]:
        lb = self.match.leerbaan
        eigen = set(lb.werkprocessen.values_list("pk", flat=True))
        gewenst = set(self.match.zoekvraag.werkprocessen.values_list("pk", flat=True))
        if not eigen:  # a crebo without werkprocessen of its own: all of them, as wished
            eigen = set(
                Werkproces.objects.filter(
                    kwalificatie__in=lb.kwalificaties.values("pk"), pk__in=gewenst
                ).values_list("pk", flat=True)
            )
        start = max(lb.start_vanaf, timezone.localdate())
        return {
            "route": TrajectRoute.PRAKTIJKVERKLARING,
            "leerbedrijf": lb.organisatie_id,
            "mbo_instelling": self.deelnemer.mbo_instelling_id,
            "werkprocessen": sorted(eigen & gewenst or eigen),
            "startdatum": start,
            "uren_per_week": lb.uren_per_week,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "deelnemer": self.deelnemer,
            "match": self.match,
        }

    def form_valid(self, form: TrajectForm) -> HttpResponse:
        data, werkprocessen = form.traject_gegevens()
        try:
            traject = services.maak_traject_van_match(
                actor=acting_user(self.request),
                match=self.match,
                werkprocessen=werkprocessen,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The traject has been agreed."))
        return redirect(traject)
