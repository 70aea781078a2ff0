from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraktijklerenConfig(AppConfig):
    name = "praktijkleren"
    verbose_name = _("Platform")
