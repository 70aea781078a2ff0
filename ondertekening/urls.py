"""Public: a party signs through their personal link (no account). Included at /ondertekenen/."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/", views.OndertekenView.as_view(), name="ondertekenen"),
    path("<str:token>/document.pdf", views.OndertekenPdfView.as_view(), name="ondertekenen-pdf"),
]
