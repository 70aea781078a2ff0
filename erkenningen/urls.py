"""The erkenning register (HTML). Included at /erkenningen/ with the namespace "erkenningen"."""

from django.urls import path  # noqa: F401

app_name = "erkenningen"

urlpatterns: list = []
