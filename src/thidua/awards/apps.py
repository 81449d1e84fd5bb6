from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "thidua.awards"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from thidua.core.audit_labels import register

        from . import audit_labels as labels
        from . import (
            exports,  # noqa: F401  (registers the registry's XLSX export job handler)
            notices,  # noqa: F401  (registers the kinds of notice it sends)
        )

        register(actions=labels.ACTIONS, keys=labels.KEYS, fallback_values=labels.FALLBACK_VALUES)
