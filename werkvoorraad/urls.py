"""The dossier pages. The composition root mounts them under /deelnemers/ in the "deelnemers"
namespace, next to deelnemers/urls.py, so their names and addresses are those users know."""

from django.urls import path

from . import dossier

urlpatterns = [
    path("", dossier.DeelnemerListView.as_view(), name="list"),
    path("<int:pk>/", dossier.DeelnemerDetailView.as_view(), name="detail"),
]
