"""URLs of the voortgang pages (included by deelnemers/urls.py, namespace "deelnemers")."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
