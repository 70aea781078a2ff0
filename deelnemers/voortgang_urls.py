"""URLs of the voortgang pages (included by deelnemers/urls.py, namespace "deelnemers")."""

from django.urls import path

from . import voortgang_views as views

urlpatterns = [
    path("mijn-deelnemers/", views.MijnDeelnemersView.as_view(), name="mijn-deelnemers"),
    path(
        "trajecten/werkprocessen/<int:pk>/",
        views.WerkprocesView.as_view(),
        name="voortgang-werkproces",
    ),
    path(
        "trajecten/werkprocessen/<int:pk>/entries/",
        views.EntryCreateView.as_view(),
        name="voortgang-entry",
    ),
    path(
        "trajecten/werkprocessen/<int:pk>/status/",
        views.StatusView.as_view(),
        name="voortgang-status",
    ),
    path(
        "trajecten/<int:pk>/kwaliteitsmomenten/nieuw/",
        views.KwaliteitsMomentView.as_view(),
        name="voortgang-kwaliteitsmoment",
    ),
]
