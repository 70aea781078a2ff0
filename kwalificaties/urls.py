from django.urls import path

from . import views

app_name = "kwalificaties"

urlpatterns = [
    path("", views.KwalificatieListView.as_view(), name="list"),
    # Before <crebo>/: "import" is not a crebo.
    path("import/", views.ImportUploadView.as_view(), name="import-upload"),
    path("import/<int:pk>/", views.ImportDetailView.as_view(), name="import"),
    path("import/<int:pk>/bevestigen/", views.ImportBevestigView.as_view(), name="import-bevestig"),
    path("<str:crebo>/", views.KwalificatieDetailView.as_view(), name="detail"),
]
