from django.urls import path

from . import views

app_name = "kwalificaties"

urlpatterns = [
    path("", views.KwalificatieListView.as_view(), name="list"),
    path("<str:crebo>/", views.KwalificatieDetailView.as_view(), name="detail"),
]
