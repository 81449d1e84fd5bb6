from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from thidua.core.audit_labels import register

        from . import audit_labels as labels

        register(actions=labels.ACTIONS)
