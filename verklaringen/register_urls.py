"""Register pages (included by verklaringen/urls.py, namespace "verklaringen")."""

urlpatterns: list = []
