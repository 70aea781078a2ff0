from django.urls import path

from . import tweefactor_views, views

app_name = "pilots"

urlpatterns = [
    path("pilots/", views.PilotListView.as_view(), name="pilot-list"),
    path("pilots/<slug:code>/", views.PilotDetailView.as_view(), name="pilot-detail"),
    path("pilots/<slug:code>/bewerken/", views.PilotUpdateView.as_view(), name="pilot-update"),
    path(
        "pilots/<slug:code>/partners/nieuw/",
        views.PartnerCreateView.as_view(),
        name="partner-create",
    ),
    path(
        "pilots/<slug:code>/partners/<int:pk>/verwijderen/",
        views.PartnerDeleteView.as_view(),
        name="partner-delete",
    ),
    path(
        "pilots/<slug:code>/subregios/nieuw/",
        views.SubregioCreateView.as_view(),
        name="subregio-create",
    ),
    path(
        "pilots/<slug:code>/subregios/<int:pk>/verwijderen/",
        views.SubregioDeleteView.as_view(),
        name="subregio-delete",
    ),
    path("pilots/<slug:code>/leden/", views.MembershipListView.as_view(), name="membership-list"),
    path(
        "pilots/<slug:code>/leden/nieuw/",
        views.MembershipCreateView.as_view(),
        name="membership-create",
    ),
    path(
        "pilots/<slug:code>/leden/<int:pk>/beeindigen/",
        views.MembershipEndView.as_view(),
        name="membership-end",
    ),
    # The platform beheerder resets another user's second factor.
    path(
        "beheer/tweede-factor/",
        tweefactor_views.GebruikersView.as_view(),
        name="tweefactor-gebruikers",
    ),
    path(
        "beheer/tweede-factor/<int:pk>/herstellen/",
        tweefactor_views.HerstelView.as_view(),
        name="tweefactor-herstellen",
    ),
    path("organisaties/", views.OrganisatieListView.as_view(), name="organisatie-list"),
    path("organisaties/nieuw/", views.OrganisatieCreateView.as_view(), name="organisatie-create"),
    path(
        "organisaties/<int:pk>/", views.OrganisatieDetailView.as_view(), name="organisatie-detail"
    ),
    path(
        "organisaties/<int:pk>/bewerken/",
        views.OrganisatieUpdateView.as_view(),
        name="organisatie-update",
    ),
]
