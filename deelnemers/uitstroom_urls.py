"""URLs of the uitstroom pages (included by deelnemers/urls.py, namespace "deelnemers")."""

from django.urls import path

from . import uitstroom_views

urlpatterns = [
    path(
        "trajecten/<int:pk>/afsluiten/",
        uitstroom_views.AfsluitenView.as_view(),
        name="traject-afsluiten",
    ),
    path(
        "trajecten/<int:pk>/uitstroom/",
        uitstroom_views.UitstroomView.as_view(),
        name="traject-uitstroom",
    ),
    path("nametingen/<int:pk>/", uitstroom_views.NametingView.as_view(), name="nameting"),
    path(
        "trajecten-overzicht/<slug:code>/",
        uitstroom_views.TrajectOverzichtView.as_view(),
        name="trajecten-overzicht",
    ),
]
