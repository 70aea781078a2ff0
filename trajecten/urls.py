"""URLs of trajecten, voortgang and uitstroom (under /deelnemers/, namespace "trajecten")."""

from django.urls import path

from .views import traject, uitstroom, voortgang

app_name = "trajecten"

urlpatterns = [
    path(
        "<int:pk>/trajecten/nieuw/",
        traject.TrajectCreateView.as_view(),
        name="traject-create",
    ),
    path("trajecten/<int:pk>/", traject.TrajectDetailView.as_view(), name="traject-detail"),
    path(
        "trajecten/<int:pk>/starten/",
        traject.TrajectStartView.as_view(),
        name="traject-start",
    ),
    path("leerlijnen/<slug:code>/", traject.LeerlijnListView.as_view(), name="leerlijnen"),
    # Voortgang (begeleidingsinstrument)
    path("mijn-deelnemers/", voortgang.MijnDeelnemersView.as_view(), name="mijn-deelnemers"),
    path(
        "trajecten/werkprocessen/<int:pk>/",
        voortgang.WerkprocesView.as_view(),
        name="voortgang-werkproces",
    ),
    path(
        "trajecten/werkprocessen/<int:pk>/entries/",
        voortgang.EntryCreateView.as_view(),
        name="voortgang-entry",
    ),
    path(
        "trajecten/werkprocessen/<int:pk>/status/",
        voortgang.StatusView.as_view(),
        name="voortgang-status",
    ),
    path(
        "trajecten/<int:pk>/kwaliteitsmomenten/nieuw/",
        voortgang.KwaliteitsMomentView.as_view(),
        name="voortgang-kwaliteitsmoment",
    ),
    # Uitstroom and nametingen
    path(
        "trajecten/<int:pk>/afsluiten/",
        uitstroom.AfsluitenView.as_view(),
        name="traject-afsluiten",
    ),
    path(
        "trajecten/<int:pk>/uitstroom/",
        uitstroom.UitstroomView.as_view(),
        name="traject-uitstroom",
    ),
    path("nametingen/<int:pk>/", uitstroom.NametingView.as_view(), name="nameting"),
    path(
        "trajecten-overzicht/<slug:code>/",
        uitstroom.TrajectOverzichtView.as_view(),
        name="trajecten-overzicht",
    ),
]
