from django.contrib import admin

from .models import Cluster, ClusterMembership, Employment, Person, Unit, UnitLineage


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_text"]
    readonly_fields = ["search_text"]


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "effective_on"]
    autocomplete_fields = ["source", "target"]


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    autocomplete_fields = ["unit"]
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "head_unit", "deputy_unit"]
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
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "date_of_birth"]
    search_fields = ["full_name", "search_text"]
    readonly_fields = ["search_text"]
    inlines = [EmploymentInline]
