from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "thidua.awards"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the registry's XLSX export job handler)
