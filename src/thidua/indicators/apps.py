from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "thidua.indicators"
    label = "indicators"
    verbose_name = _("Targets and progress")

    def ready(self) -> None:
        from thidua.core.audit_labels import register

        from . import audit_labels as labels
        from . import importing  # noqa: F401  (registers the import job handler)

        register(actions=labels.ACTIONS, values=labels.VALUES)
