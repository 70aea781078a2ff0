from django.urls import include, path

from . import privacy_views, traject_views, views

app_name = "deelnemers"

urlpatterns = [
    path("", views.DeelnemerListView.as_view(), name="list"),
    path("aanmelden/", views.AanmeldView.as_view(), name="aanmelden"),
    path("<int:pk>/", views.DeelnemerDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.StatusView.as_view(), name="status"),
    path("<int:pk>/inzagelog/", views.InzageLogView.as_view(), name="inzage-log"),
    path(
        "<int:pk>/persoonsgegevens/",
        privacy_views.PersoonsgegevensView.as_view(),
        name="persoonsgegevens",
    ),
    path(
        "<int:pk>/inzage.<str:fmt>",
        privacy_views.InzageExportView.as_view(),
        name="inzage-export",
    ),
    path("<int:pk>/anonimiseren/", privacy_views.AnonimiseerView.as_view(), name="anonimiseer"),
    path(
        "<int:pk>/trajecten/nieuw/",
        traject_views.TrajectCreateView.as_view(),
        name="traject-create",
    ),
    path("trajecten/<int:pk>/", traject_views.TrajectDetailView.as_view(), name="traject-detail"),
    path(
        "trajecten/<int:pk>/starten/",
        traject_views.TrajectStartView.as_view(),
        name="traject-start",
    ),
    path("erkenningen/<int:pk>/", traject_views.ErkenningView.as_view(), name="erkenning"),
    path("leerlijnen/<slug:code>/", traject_views.LeerlijnListView.as_view(), name="leerlijnen"),
    path("", include("deelnemers.voortgang_urls")),
    path("", include("deelnemers.uitstroom_urls")),
]
