"""The participant portal, included at /mijn/ (the participant's own session, `sessie.py`), and
the public page of a shared verklaring, included at /gedeeld/. Included without a namespace:
the names start with "portaal-"."""

from django.urls import path

from .views import delen, dossier, gegevens, inloggen, voortgang

urlpatterns = [
    path("", dossier.DossierView.as_view(), name="portaal-dossier"),
    path("inloggen/", inloggen.InloggenView.as_view(), name="portaal-inloggen"),
    path("inloggen/<str:token>/", inloggen.InlogLinkView.as_view(), name="portaal-inloglink"),
    path("uitloggen/", inloggen.UitloggenView.as_view(), name="portaal-uitloggen"),
    path("ondertekenen/", dossier.OndertekenenView.as_view(), name="portaal-ondertekenen"),
    path("documenten/<int:pk>/", dossier.DocumentView.as_view(), name="portaal-document"),
    path(
        "verklaringen/<int:pk>/pdf/",
        dossier.VerklaringPdfView.as_view(),
        name="portaal-verklaring-pdf",
    ),
    path("voortgang/", voortgang.VoortgangView.as_view(), name="portaal-voortgang"),
    path(
        "voortgang/<int:pk>/reflectie/",
        voortgang.ReflectieView.as_view(),
        name="portaal-reflectie",
    ),
    path("delen/", delen.DelenView.as_view(), name="portaal-delen"),
    path(
        "delen/<int:pk>/intrekken/",
        delen.DeellinkIntrekkenView.as_view(),
        name="portaal-deellink-intrekken",
    ),
    path("gegevens/", gegevens.GegevensView.as_view(), name="portaal-gegevens"),
    path("gegevens/inzage.<str:fmt>", gegevens.InzageView.as_view(), name="portaal-inzage"),
    path("toestemming/", gegevens.ToestemmingView.as_view(), name="portaal-toestemming"),
]

gedeeld_urlpatterns = [
    path("<str:token>/", delen.GedeeldView.as_view(), name="portaal-gedeeld"),
]
