from django.contrib import admin

from .audit import _jsonable, log_action
from .models import AuditEvent, Holiday


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits of catalog rows are state changes too: each one leaves an audit event with before/after.

    ``prepare`` lets a model's admin derive fields (the folded search text) the way its service does.
    """

    def prepare(self, obj) -> None:
        pass

    def save_model(self, request, obj, form, change):
        self.prepare(obj)
        super().save_model(request, obj, form, change)
        label = obj._meta.label_lower
        if change:
            diff = {name: [_jsonable(form.initial.get(name)), _jsonable(form.cleaned_data.get(name))]
                    for name in form.changed_data}
            log_action(f"admin.{label}.changed", actor=request.user, target=obj, data={"changes": diff})
        else:
            log_action(f"admin.{label}.created", actor=request.user, target=obj,
                       data={"after": {k: _jsonable(v) for k, v in form.cleaned_data.items()}})

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        touched = {
            "added": [str(o) for o in formset.new_objects],
            "changed": [str(o) for o, _fields in formset.changed_objects],
            "deleted": [str(o) for o in formset.deleted_objects],
        }
        if any(touched.values()):
            log_action(f"admin.{form.instance._meta.label_lower}.{formset.model._meta.model_name}_changed",
                       actor=request.user, target=form.instance, data=touched)

    def delete_model(self, request, obj):
        log_action(f"admin.{obj._meta.label_lower}.deleted", actor=request.user, target=obj, data={"repr": str(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services and never edited."""

    list_display = ["created_at", "actor", "action", "target_repr"]
    list_select_related = ["actor"]  # nullable: the admin's own select_related() would skip it (one query a row)
    list_filter = ["action"]
    search_fields = ["target_repr", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    """The holiday calendar working-day time limits (appraisal) skip."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]
