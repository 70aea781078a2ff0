from django.urls import include, path

app_name = "verklaringen"

urlpatterns: list = [
    # The register and revoking (examencommissie).
    path("", include("verklaringen.register_urls")),
]
