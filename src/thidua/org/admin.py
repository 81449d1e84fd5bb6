from django.contrib import admin

from thidua.core.admin import AuditedAdmin
from thidua.core.text import fold

from .models import Cluster, ClusterMembership, Employment, Person, Unit, UnitLineage
from .services import unit_search_text


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_text"]
    readonly_fields = ["search_text"]

    def prepare(self, obj):
        obj.search_text = unit_search_text(obj)


@admin.register(UnitLineage)
class UnitLineageAdmin(AuditedAdmin):
    list_display = ["source", "kind", "target", "effective_on"]
    list_select_related = ["source", "target"]
    autocomplete_fields = ["source", "target"]


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    autocomplete_fields = ["unit"]
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(AuditedAdmin):
    list_display = ["name", "kind", "year", "head_unit", "deputy_unit"]
    list_select_related = ["head_unit", "deputy_unit"]  # nullable: skipped by the admin's own select_related()
    list_filter = ["year", "kind"]
    inlines = [MembershipInline]
    autocomplete_fields = ["head_unit", "deputy_unit"]


class EmploymentInline(admin.TabularInline):
    model = Employment
    autocomplete_fields = ["unit"]
    fk_name = "person"
    exclude = ["recorded_by"]
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "date_of_birth"]
    search_fields = ["full_name", "search_text"]
    readonly_fields = ["search_text"]
    inlines = [EmploymentInline]

    def prepare(self, obj):
        obj.search_text = fold(obj.full_name)
