"""Register pages (included by verklaringen/urls.py, namespace "verklaringen")."""

from django.urls import path

from . import register_views

urlpatterns: list = [
    path("register/", register_views.RegisterListView.as_view(), name="register"),
    path(
        "register/<int:pk>/intrekken/",
        register_views.IntrekkenView.as_view(),
        name="register-intrekken",
    ),
]
