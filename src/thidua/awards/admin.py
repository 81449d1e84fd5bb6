"""The catalog (titles, forms and their rules) and the facts rules read, edited by the council office in the
administration. Every edit leaves an audit event (``AuditedAdmin``)."""

from django.contrib import admin

from thidua.core.admin import AuditedAdmin

from .models import AwardType, Discipline, EligibilityRule, Initiative, PersonRating, UnitYear


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    fields = ["order", "kind", "params", "legal_basis", "active"]
    extra = 0


@admin.register(AwardType)
class AwardTypeAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "level", "recipient", "money_coefficient", "active"]
    list_filter = ["kind", "level", "recipient", "active"]
    search_fields = ["code", "name"]
    ordering = ["order", "code"]
    inlines = [EligibilityRuleInline]


@admin.register(PersonRating)
class PersonRatingAdmin(AuditedAdmin):
    list_display = ["person", "year", "rating", "unit"]
    list_filter = ["year", "rating"]
    search_fields = ["person__search_text", "person__full_name"]
    autocomplete_fields = ["person", "unit"]


@admin.register(Initiative)
class InitiativeAdmin(AuditedAdmin):
    list_display = ["title", "person", "year", "level"]
    list_filter = ["year", "level"]
    search_fields = ["title", "person__search_text", "person__full_name"]
    autocomplete_fields = ["person"]


@admin.register(Discipline)
class DisciplineAdmin(AuditedAdmin):
    list_display = ["person", "year", "measure", "decision_reference"]
    list_filter = ["year", "measure"]
    search_fields = ["person__search_text", "person__full_name", "decision_reference"]
    autocomplete_fields = ["person"]


@admin.register(UnitYear)
class UnitYearAdmin(AuditedAdmin):
    list_display = ["unit", "year", "member_count", "members_completed", "advanced_workers", "rating"]
    list_filter = ["year"]
    search_fields = ["unit__search_text", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
