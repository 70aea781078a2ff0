"""URLs of the import pages (included by monitoring/urls.py, namespace "monitoring")."""

urlpatterns: list = []
