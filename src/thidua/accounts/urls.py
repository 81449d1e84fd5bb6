from django.contrib.auth import views as auth_views
from django.urls import path

from . import setup_views, views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm,
                                     redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/notifications/", views.notification_delivery, name="notification_delivery"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_set.html",
                                                    success_url="/accounts/login/", post_reset_login=False),
        name="password_set",
    ),
    path("users/", setup_views.user_list, name="setup_users"),
    path("users/invite/", setup_views.user_invite, name="setup_invite"),
    path("users/<id:user_id>/", setup_views.user_detail, name="setup_user"),
    path("users/<id:user_id>/action/", setup_views.user_action, name="setup_user_action"),
]
