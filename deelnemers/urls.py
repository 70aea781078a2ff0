from django.urls import path

from deelnemers import privacy_views, views

urlpatterns = [
    path("aanmelden/", views.AanmeldView.as_view(), name="aanmelden"),
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
]
