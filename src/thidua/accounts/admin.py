from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from thidua.core.audit import log_action

from .models import RoleAssignment, User
from .signals import acting_user

#: Fields of a user whose change is worth an audit event (the password has its own event, see signals.py).
AUDITED_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser", "is_demo",
                  "groups", "user_permissions"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    autocomplete_fields = ["unit"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Every change made here is in the audit log with the administrator as its actor, as the services' are."""

    list_display = ["username", "first_name", "email", "is_demo", "is_active"]
    list_filter = ["is_demo", "is_active", "is_staff"]
    inlines = [RoleInline]
    fieldsets = [*BaseUserAdmin.fieldsets, (None, {"fields": ["is_demo"]})]

    def save_model(self, request, obj, form, change):
        obj._thidua_changed_by = request.user
        was_active = User.objects.filter(pk=obj.pk).values_list("is_active", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if not change:
            log_action("accounts.user.created", actor=request.user, target=obj,
                       data={"username": obj.username, "via": "admin"})
            return
        changed = [name for name in form.changed_data if name in AUDITED_FIELDS]
        if was_active and not obj.is_active:
            log_action("accounts.user.deactivated", actor=request.user, target=obj, data={"via": "admin"})
        if changed:
            log_action("accounts.user.changed", actor=request.user, target=obj,
                       data={"fields": changed, "via": "admin",
                             **{name: form.cleaned_data.get(name) for name in changed
                                if name not in ("groups", "user_permissions")}})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = [name for name in ("groups", "user_permissions") if name in form.changed_data]
        if change and changed:
            log_action("accounts.user.changed", actor=request.user, target=form.instance,
                       data={"fields": changed, "via": "admin",
                             "groups": [group.name for group in form.instance.groups.all()]})

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        with transaction.atomic():
            instances = formset.save()
            for obj in formset.deleted_objects:
                log_action("accounts.role.revoked", actor=request.user, target=user,
                           data={"role": obj.role, "unit": obj.unit_id, "via": "admin"})
            for obj in formset.new_objects:
                log_action("accounts.role.assigned", actor=request.user, target=user,
                           data={"role": obj.role, "unit": obj.unit_id, "via": "admin"})
            for obj, fields in formset.changed_objects:
                log_action("accounts.role.changed", actor=request.user, target=user,
                           data={"role": obj.role, "unit": obj.unit_id, "fields": fields, "via": "admin"})
        user.__dict__.pop("_thidua_access", None)
        return instances

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_action("accounts.user.deleted", actor=request.user, target=obj,
                       data={"username": obj.username, "name": obj.get_full_name(), "via": "admin"})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                log_action("accounts.user.deleted", actor=request.user, target=user,
                           data={"username": user.username, "name": user.get_full_name(), "via": "admin"})
            super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        # The password form saves the user itself: say who is acting, so the signal's audit event names them.
        token = acting_user.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            acting_user.reset(token)
