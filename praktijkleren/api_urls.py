from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from intake.api.views import AdviesViewSet, IntakeViewSet
from kwalificaties.api.views import KwalificatieViewSet
from monitoring.api import MonitorExportView
from overeenkomsten.api.views import OvereenkomstViewSet
from pilots.api.views import OrganisatieViewSet, PilotViewSet
from praktijkleren.token_api import TokenView
from trajecten.api.views import TrajectViewSet
from verklaringen.api.mbo_verklaringen import MboVerklaringViewSet
from verklaringen.api.views import RegistratieViewSet, VerificatieView
from werkvoorraad.api.deelnemers import DeelnemerViewSet

router = DefaultRouter()
router.include_format_suffixes = False
router.register("pilots", PilotViewSet, basename="pilot")
router.register("organisaties", OrganisatieViewSet, basename="organisatie")
router.register("kwalificaties", KwalificatieViewSet, basename="kwalificatie")
router.register("deelnemers", DeelnemerViewSet, basename="deelnemer")
router.register("trajecten", TrajectViewSet, basename="traject")
router.register("intakes", IntakeViewSet, basename="intake")
router.register("adviezen", AdviesViewSet, basename="advies")
router.register("overeenkomsten", OvereenkomstViewSet, basename="overeenkomst")
router.register("registraties", RegistratieViewSet, basename="registratie")
router.register("mbo-verklaringen", MboVerklaringViewSet, basename="mbo-verklaring")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/token/", TokenView.as_view(), name="api-token"),
    # Public: check a verklaring by its code or PDF (no authentication, rate limited).
    path("v1/verificatie/", VerificatieView.as_view(), name="api-verificatie"),
    path("v1/monitor-export/", MonitorExportView.as_view(), name="api-monitor-export"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
