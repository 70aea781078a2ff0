from django.contrib.auth import views as auth_views
from django.urls import include, path

import deelnemers.urls
import portaal.urls
import verklaringen.urls
import werkvoorraad.urls
from pilots.views import SwitchPilotView
from werkvoorraad.views import HomeView, OpnieuwVersturenView

from . import pages, token_views, tweefactor_views, views
from .admin_site import admin_site
from .auth_forms import BoundedAuthenticationForm
from .password_reset import RateLimitedPasswordResetView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path(
        "te-doen/ondertekeningen/<int:pk>/opnieuw/",
        OpnieuwVersturenView.as_view(),
        name="te-doen-opnieuw",
    ),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("pilot-kiezen/", SwitchPilotView.as_view(), name="switch-pilot"),
    path(
        "account/inloggen/",
        auth_views.LoginView.as_view(authentication_form=BoundedAuthenticationForm),
        name="login",
    ),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/wachtwoord-vergeten/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/api-tokens/", include(token_views.urlpatterns)),
    # The second factor (docs/security.md) and the security page of one's own account.
    path(
        "account/tweede-factor/",
        tweefactor_views.VerifieerView.as_view(),
        name="tweefactor-verifieer",
    ),
    path(
        "account/tweede-factor/instellen/",
        tweefactor_views.InstellenView.as_view(),
        name="tweefactor-instellen",
    ),
    path("account/beveiliging/", tweefactor_views.BeveiligingView.as_view(), name="beveiliging"),
    path(
        "account/beveiliging/herstelcodes/",
        tweefactor_views.HerstelcodesView.as_view(),
        name="tweefactor-herstelcodes",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # Public pages of the footer (praktijkleren/pages.py).
    path("privacy/", pages.privacyverklaring, name="privacyverklaring"),
    path(
        "toegankelijkheid/", pages.toegankelijkheidsverklaring, name="toegankelijkheidsverklaring"
    ),
    path("contact/", pages.contact, name="contact"),
    path("", include("pilots.urls")),
    path("kwalificaties/", include("kwalificaties.urls")),
    path("erkenningen/", include("erkenningen.urls")),
    # The dossier (werkvoorraad) shares the "deelnemers" namespace with the deelnemers app.
    path(
        "deelnemers/",
        include((werkvoorraad.urls.urlpatterns + deelnemers.urls.urlpatterns, "deelnemers")),
    ),
    path("deelnemers/", include("trajecten.urls")),
    path("overeenkomsten/", include("overeenkomsten.urls")),
    path("verklaringen/", include("verklaringen.urls")),
    # Public: anyone checks a verklaring by its code, QR code or PDF.
    path("verificatie/", include(verklaringen.urls.verificatie_urlpatterns)),
    # Public: a party signs through their personal link (no account).
    path("ondertekenen/", include("ondertekening.urls")),
    path("leerbanen/", include("leerbanen.urls")),
    # The participant's own portal (their own session, no account) and a shared verklaring.
    path("mijn/", include(portaal.urls.urlpatterns)),
    path("gedeeld/", include(portaal.urls.gedeeld_urlpatterns)),
    path("", include("intake.urls")),
    path("", include("monitoring.urls")),
    path("api/", include("praktijkleren.api_urls")),
    path("admin/", admin_site.urls),
]
