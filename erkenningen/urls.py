"""The erkenning register (HTML). Included at /erkenningen/ with the namespace "erkenningen"."""

from django.urls import path

from . import views

app_name = "erkenningen"

urlpatterns = [
    path("", views.ErkenningListView.as_view(), name="list"),
    path("nieuw/", views.ErkenningCreateView.as_view(), name="create"),
    path("<int:pk>/wijzigen/", views.ErkenningUpdateView.as_view(), name="update"),
    path("<int:pk>/bevestigen/", views.ErkenningBevestigenView.as_view(), name="confirm"),
]
