"""Public verification pages, no login (included at /verificatie/ without a namespace)."""

from django.urls import path

from . import verificatie_views

urlpatterns: list = [
    path("", verificatie_views.VerificatieView.as_view(), name="verificatie"),
    # What the QR code on the verklaring opens.
    path("<str:code>/", verificatie_views.VerificatieCodeView.as_view(), name="verificatie-code"),
]
