from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import checks  # noqa: F401  (registers system checks)
        from .converters import IdConverter

        register_converter(IdConverter, "id")
