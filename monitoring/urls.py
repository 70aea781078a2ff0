"""Every URL of monitoring (namespace "monitoring"): the funnel, the monitor reports, the import
and export, the dashboards and the PDFs."""

from django.urls import path

from .views import dashboard, export, funnel, importeren, rapport

app_name = "monitoring"

urlpatterns = [
    path("pilots/<slug:code>/aanmeldingen/", funnel.FunnelView.as_view(), name="funnel"),
    # monitor reports
    path("monitor/", rapport.RapportListView.as_view(), name="rapporten"),
    path("monitor/<int:pk>/", rapport.RapportDetailView.as_view(), name="rapport"),
    path(
        "pilots/<slug:code>/monitor/concept/",
        rapport.ConceptMakenView.as_view(),
        name="rapport-concept",
    ),
    path("monitor/<int:pk>/opslaan/", rapport.OpslaanView.as_view(), name="rapport-opslaan"),
    path("monitor/<int:pk>/indienen/", rapport.IndienView.as_view(), name="rapport-indienen"),
    path("monitor/<int:pk>/heropenen/", rapport.HeropenView.as_view(), name="rapport-heropenen"),
    # import and export
    path(
        "pilots/<slug:code>/import/",
        importeren.ImportUploadView.as_view(),
        name="import-upload",
    ),
    path("import/<int:pk>/", importeren.ImportDetailView.as_view(), name="import"),
    path(
        "import/<int:pk>/bevestigen/",
        importeren.ImportBevestigView.as_view(),
        name="import-bevestigen",
    ),
    path("monitoring/export/", export.ExportView.as_view(), name="export"),
    # dashboards and PDFs
    path("pilots/<slug:code>/dashboard/", dashboard.PilotDashboardView.as_view(), name="dashboard"),
    path("monitoring/landelijk/", dashboard.LandelijkDashboardView.as_view(), name="landelijk"),
    path("monitoring/landelijk/pdf/", dashboard.LandelijkPdfView.as_view(), name="landelijk-pdf"),
    path("monitor/<int:pk>/pdf/", dashboard.RapportPdfView.as_view(), name="rapport-pdf"),
]
