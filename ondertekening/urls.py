"""Signing pages, included at /ondertekenen/. Public (the personal link is the key): signing and
the final signed document. For the mbo (logged in): signing in person and a paper signature."""

from django.urls import path

from . import ter_plekke_views, views

urlpatterns = [
    path(
        "ter-plekke/<int:pk>/",
        ter_plekke_views.TerPlekkeView.as_view(),
        name="ondertekenen-ter-plekke",
    ),
    path("papier/<int:pk>/", ter_plekke_views.PapierView.as_view(), name="ondertekenen-papier"),
    path("definitief/<str:token>/", views.DefinitiefView.as_view(), name="ondertekenen-definitief"),
    path("<str:token>/", views.OndertekenView.as_view(), name="ondertekenen"),
    path("<str:token>/document.pdf", views.OndertekenPdfView.as_view(), name="ondertekenen-pdf"),
]
