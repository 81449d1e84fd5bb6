from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "thidua.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from thidua.core.audit_labels import register

        from . import audit_labels as labels
        from . import notices  # noqa: F401  (registers the kinds of notice it sends)

        register(actions=labels.ACTIONS, keys=labels.KEYS, values=labels.VALUES)
