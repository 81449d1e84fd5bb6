from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


def demo_users_exist() -> bool:
    from thidua.accounts.models import User

    return User.objects.filter(is_demo=True).exists()


def refuse_demo_users_in_production() -> None:
    """A production server must not start while the demo's well-known logins exist."""
    if settings.PRODUCTION and demo_users_exist():
        raise ImproperlyConfigured(
            _("Production settings refuse to start while demo users exist. Remove them with: thidua demo --remove.")
        )
