from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "thidua.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from thidua.core.audit_labels import register

        from . import audit_labels as labels
        from . import (
            notices,  # noqa: F401  (registers the kinds of notice it sends)
            reports,  # noqa: F401  (registers the report job handlers)
        )

        register(actions=labels.ACTIONS, values=labels.VALUES)
