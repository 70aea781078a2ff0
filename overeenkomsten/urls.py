from django.urls import path

from . import views

app_name = "overeenkomsten"

urlpatterns = [
    path("traject/<int:pk>/genereren/", views.GenereerView.as_view(), name="genereer"),
    path("traject/<int:pk>/versturen/", views.VerstuurView.as_view(), name="verstuur"),
    path("<int:pk>/", views.OvereenkomstDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.OvereenkomstWijzigView.as_view(), name="wijzig"),
    path("versies/<int:pk>/<str:kind>.pdf", views.VersiePdfView.as_view(), name="pdf"),
    path(
        "ondertekeningen/<int:pk>/opnieuw/",
        views.OpnieuwVersturenView.as_view(),
        name="opnieuw",
    ),
]
