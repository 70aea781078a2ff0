from django.urls import path

from . import views

app_name = "deelnemers"

urlpatterns = [
    path("", views.DeelnemerListView.as_view(), name="list"),
    path("<int:pk>/", views.DeelnemerDetailView.as_view(), name="detail"),
]
