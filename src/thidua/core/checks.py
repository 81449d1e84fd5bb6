from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


def demo_logins():
    """Demo users that could still sign in: active, or holding a password. ``thidua demo --remove`` leaves none (a
    demo user whose actions are on record stays as an inactive account without a password)."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db.models import Q

    from thidua.accounts.models import User

    return User.objects.filter(is_demo=True).filter(
        Q(is_active=True) | ~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX))


def demo_users_exist() -> bool:
    return demo_logins().exists()


def refuse_demo_users_in_production() -> None:
    """A production server must not start while the demo's well-known logins exist."""
    if settings.PRODUCTION and demo_users_exist():
        raise ImproperlyConfigured(
            _("Production settings refuse to start while demo users exist. Remove them with: thidua demo --remove.")
        )


@register()
def certificate_font_installed(app_configs, **kwargs) -> list[CheckWarning]:
    """The PDF certificates need Liberation Serif (Debian's fonts-liberation2); warn at start-up when it is
    missing, rather than at the first certificate someone prints."""
    from thidua.documents.certificate import FONT_PACKAGE, missing_fonts

    missing = missing_fonts()
    if not missing:
        return []
    return [CheckWarning(
        "The certificate font is missing: " + ", ".join(str(path) for path in missing),
        hint=f"Install the Debian package {FONT_PACKAGE} (apt-get install -y {FONT_PACKAGE}) or set "
             "THIDUA_CERTIFICATE_FONT_DIR to the directory holding LiberationSerif-Regular/Bold/Italic.ttf.",
        id="thidua.W001",
    )]
