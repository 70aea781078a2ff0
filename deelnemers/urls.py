"""URLs of deelnemers (mounted by the composition root under /deelnemers/ in the "deelnemers"
namespace, together with the dossier pages of werkvoorraad)."""

from django.urls import path

from .views import aanmelding, privacy

urlpatterns = [
    path("aanmelden/", aanmelding.AanmeldView.as_view(), name="aanmelden"),
    path("<int:pk>/status/", aanmelding.StatusView.as_view(), name="status"),
    path("<int:pk>/inzagelog/", privacy.InzageLogView.as_view(), name="inzage-log"),
    path(
        "<int:pk>/persoonsgegevens/",
        privacy.PersoonsgegevensView.as_view(),
        name="persoonsgegevens",
    ),
    path("<int:pk>/inzage.<str:fmt>", privacy.InzageExportView.as_view(), name="inzage-export"),
    path("<int:pk>/anonimiseren/", privacy.AnonimiseerView.as_view(), name="anonimiseer"),
]
