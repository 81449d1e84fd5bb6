from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from thidua.core.audit_labels import register

        from . import audit_labels as labels

        register(actions=labels.ACTIONS, keys=labels.KEYS, names=labels.NAMES)
