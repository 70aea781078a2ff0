"""Public verification pages, no login (included at /verificatie/ without a namespace)."""

urlpatterns: list = []
