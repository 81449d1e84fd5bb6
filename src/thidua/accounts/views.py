"""The signed-in user's own account: change the password, see and revoke API tokens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from thidua.core.decorators import post_only

from . import services
from .forms import NotificationDeliveryForm
from .signals import acting_user


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (the validators of AUTH_PASSWORD_VALIDATORS apply); the user's API tokens are revoked
    and the change is audited with the user as its actor."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        marker = acting_user.set(self.request.user)
        try:
            response = super().form_valid(form)
        finally:
            acting_user.reset(marker)
        messages.success(self.request, _("Your password was changed. Your API tokens were revoked."))
        return response


@login_required
def account(request, *, delivery_form=None, status=200):
    delivery_form = delivery_form or NotificationDeliveryForm(initial={"delivery": request.user.notification_delivery})
    return render(request, "accounts/account.html", {"tokens": services.tokens_of(request.user),
                                                     "delivery_form": delivery_form}, status=status)


@login_required
@post_only
def notification_delivery(request):
    form = NotificationDeliveryForm(request.POST)
    if not form.is_valid():
        return account(request, delivery_form=form, status=400)
    services.notification_delivery_set(by=request.user, delivery=form.cleaned_data["delivery"])
    messages.success(request, _("Your choice for the notifications is saved."))
    return redirect("accounts:account")


@login_required
@post_only
def token_revoke(request, token_id: int):
    services.token_revoke(by=request.user, token_id=token_id)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:account")
