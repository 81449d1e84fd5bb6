import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import BaseModel, NotificationDelivery

from .enums import Role


class User(AbstractUser):
    """A login. What it may do follows from its role assignments, never from flags on the user."""

    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("Created by the demo; production refuses to start with it.")
    )
    notification_delivery = models.CharField(
        _("notifications by email"), max_length=10, choices=NotificationDelivery.choices,
        default=NotificationDelivery.IMMEDIATE,
        help_text=_("Every notification is in the app's inbox; this sets when it also comes by email."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(BaseModel):
    """``user`` holds ``role`` in ``unit``. Cluster headship is not a role: it follows from the cluster's head unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.unit})"


class ApiToken(BaseModel):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} ({self.key_hash[:8]}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
