from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from thidua.core.models import NotificationDelivery

from .enums import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class NotificationDeliveryForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Notifications by email"), choices=NotificationDelivery.choices,
                                 widget=forms.RadioSelect)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def _open_units():
    from thidua.org.models import Unit

    return Unit.objects.filter(valid_to__isnull=True).order_by("name")


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Sign-in name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("The link to choose a password is sent there."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(label=_("Unit"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _open_units()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(label=_("Unit"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _open_units()
