"""Leerbanen, candidates looking for one and matches, included at /leerbanen/."""

from django.urls import path

from .views import leerbanen, matching

app_name = "leerbanen"

urlpatterns = [
    path("", leerbanen.LeerbaanListView.as_view(), name="list"),
    path("nieuw/", leerbanen.LeerbaanCreateView.as_view(), name="create"),
    path("<int:pk>/", leerbanen.LeerbaanDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", leerbanen.LeerbaanUpdateView.as_view(), name="update"),
    path("<int:pk>/sluiten/", leerbanen.LeerbaanSluitenView.as_view(), name="close"),
    path("kandidaten/", matching.KandidatenView.as_view(), name="kandidaten"),
    path("deelnemers/<int:pk>/zoeken/", matching.ZoekvraagView.as_view(), name="zoekvraag"),
    path("kandidaten/<int:pk>/", matching.MatchingView.as_view(), name="matching"),
    path(
        "kandidaten/<int:pk>/voorstellen/<int:leerbaan>/",
        matching.VoorstelView.as_view(),
        name="voorstellen",
    ),
    path("voorstellen/", matching.MatchListView.as_view(), name="matches"),
    path("voorstellen/<int:pk>/", matching.MatchDetailView.as_view(), name="match"),
    path("voorstellen/<int:pk>/accepteren/", matching.AccepterenView.as_view(), name="accepteren"),
    path("voorstellen/<int:pk>/afwijzen/", matching.AfwijzenView.as_view(), name="afwijzen"),
    path("voorstellen/<int:pk>/traject/", matching.MatchTrajectView.as_view(), name="traject"),
]
