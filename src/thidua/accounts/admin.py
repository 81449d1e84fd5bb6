from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    autocomplete_fields = ["unit"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "email", "is_demo", "is_active"]
    list_filter = ["is_demo", "is_active", "is_staff"]
    inlines = [RoleInline]
    fieldsets = [*BaseUserAdmin.fieldsets, (None, {"fields": ["is_demo"]})]
