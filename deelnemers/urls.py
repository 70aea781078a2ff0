from django.urls import path

from . import views

app_name = "deelnemers"

urlpatterns = [
    path("", views.DeelnemerListView.as_view(), name="list"),
    path("aanmelden/", views.AanmeldView.as_view(), name="aanmelden"),
    path("<int:pk>/", views.DeelnemerDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.StatusView.as_view(), name="status"),
    path("<int:pk>/inzagelog/", views.InzageLogView.as_view(), name="inzage-log"),
]
