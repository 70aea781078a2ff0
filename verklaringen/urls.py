"""URLs of verklaringen: the pages of staff (namespace "verklaringen", under /verklaringen/) and
the public verification pages (`verificatie_urlpatterns`, mounted by the composition root at
/verificatie/ without a namespace, no login)."""

from django.urls import path

from .views import register, verificatie
from .views import verklaring as views

app_name = "verklaringen"

urlpatterns = [
    path(
        "traject/<int:pk>/praktijkverklaring/",
        views.PraktijkverklaringMaakView.as_view(),
        name="praktijkverklaring-maak",
    ),
    path(
        "praktijkverklaringen/<int:pk>/",
        views.PraktijkverklaringDetailView.as_view(),
        name="praktijkverklaring",
    ),
    path(
        "praktijkverklaringen/<int:pk>/versturen/",
        views.PraktijkverklaringVerstuurView.as_view(),
        name="praktijkverklaring-verstuur",
    ),
    path(
        "praktijkverklaringen/<int:pk>/intrekken/",
        views.PraktijkverklaringIntrekkenView.as_view(),
        name="praktijkverklaring-intrekken",
    ),
    path(
        "praktijkverklaringen/<int:pk>/pdf/",
        views.PraktijkverklaringPdfView.as_view(),
        name="praktijkverklaring-pdf",
    ),
    path(
        "praktijkverklaringen/<int:pk>/mbo-verklaring/",
        views.MboVerklaringMaakView.as_view(),
        name="mbo-verklaring-maak",
    ),
    path(
        "mbo-verklaringen/<int:pk>/", views.MboVerklaringDetailView.as_view(), name="mbo-verklaring"
    ),
    path(
        "mbo-verklaringen/<int:pk>/uitgeven/",
        views.MboVerklaringUitgifteView.as_view(),
        name="mbo-verklaring-uitgeven",
    ),
    path(
        "mbo-verklaringen/<int:pk>/pdf/",
        views.MboVerklaringPdfView.as_view(),
        name="mbo-verklaring-pdf",
    ),
    path("deelnemers/<int:pk>/", views.StapelingView.as_view(), name="stapeling"),
    # The register and revoking (examencommissie).
    path("register/", register.RegisterListView.as_view(), name="register"),
    path(
        "register/<int:pk>/intrekken/",
        register.IntrekkenView.as_view(),
        name="register-intrekken",
    ),
]

verificatie_urlpatterns = [
    path("", verificatie.VerificatieView.as_view(), name="verificatie"),
    # What the QR code on the verklaring opens.
    path("<str:code>/", verificatie.VerificatieCodeView.as_view(), name="verificatie-code"),
]
