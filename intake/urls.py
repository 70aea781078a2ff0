from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("deelnemers/<int:pk>/intake/plannen/", views.PlanIntakeView.as_view(), name="plan"),
    path("deelnemers/<int:pk>/advies/", views.AdviesView.as_view(), name="advies"),
    path("intakes/<int:pk>/criteria/", views.CriteriaView.as_view(), name="criteria"),
]
