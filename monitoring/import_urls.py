"""URLs of the import pages (included by monitoring/urls.py, namespace "monitoring")."""

from django.urls import path

from . import import_views

urlpatterns = [
    path(
        "pilots/<slug:code>/import/",
        import_views.ImportUploadView.as_view(),
        name="import-upload",
    ),
    path("import/<int:pk>/", import_views.ImportDetailView.as_view(), name="import"),
    path(
        "import/<int:pk>/bevestigen/",
        import_views.ImportBevestigView.as_view(),
        name="import-bevestigen",
    ),
    path("monitoring/export/", import_views.ExportView.as_view(), name="export"),
]
