from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("pilots/<slug:code>/aanmeldingen/", views.FunnelView.as_view(), name="funnel"),
]
