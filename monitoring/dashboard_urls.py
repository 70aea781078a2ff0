"""URLs of the dashboard pages (included by monitoring/urls.py, namespace "monitoring")."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("pilots/<slug:code>/dashboard/", views.PilotDashboardView.as_view(), name="dashboard"),
    path("monitoring/landelijk/", views.LandelijkDashboardView.as_view(), name="landelijk"),
    path("monitoring/landelijk/pdf/", views.LandelijkPdfView.as_view(), name="landelijk-pdf"),
    path("monitor/<int:pk>/pdf/", views.RapportPdfView.as_view(), name="rapport-pdf"),
]
