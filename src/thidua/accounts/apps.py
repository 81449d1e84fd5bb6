from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from thidua.core.access import register_access
        from thidua.core.audit_labels import register

        from . import audit_labels as labels
        from . import signals  # noqa: F401  (audit of sign-ins and password changes)
        from .access import access_of

        register_access(access_of)  # the core's jobs and permission helpers ask through it
        register(actions=labels.ACTIONS, keys=labels.KEYS, values=labels.VALUES, names=labels.NAMES)
