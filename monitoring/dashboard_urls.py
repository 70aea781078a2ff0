"""URLs of the dashboard pages (included by monitoring/urls.py, namespace "monitoring")."""

urlpatterns: list = []
