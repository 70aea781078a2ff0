from django.urls import include, path

from . import rapport_views, views

app_name = "monitoring"

urlpatterns = [
    path("pilots/<slug:code>/aanmeldingen/", views.FunnelView.as_view(), name="funnel"),
    path("monitor/", rapport_views.RapportListView.as_view(), name="rapporten"),
    path("monitor/<int:pk>/", rapport_views.RapportDetailView.as_view(), name="rapport"),
    path("monitor/<int:pk>/indienen/", rapport_views.IndienView.as_view(), name="rapport-indienen"),
    path(
        "monitor/<int:pk>/heropenen/", rapport_views.HeropenView.as_view(), name="rapport-heropenen"
    ),
    path("", include("monitoring.import_urls")),
    path("", include("monitoring.dashboard_urls")),
]
