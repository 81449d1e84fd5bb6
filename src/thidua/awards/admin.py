"""The catalog (titles, forms and their rules) and the facts rules read, edited by the council office in the
administration. Every edit leaves an audit event (``AuditedAdmin``)."""

from django.contrib import admin

from thidua.core.admin import AuditedAdmin

from .models import (
    AwardTerms,
    AwardType,
    Council,
    CouncilMember,
    Discipline,
    DossierDue,
    EligibilityRule,
    Initiative,
    Inquiry,
    LegalRegime,
    PersonRating,
    Signatory,
    UnitYear,
)


class EligibilityRuleInline(admin.TabularInline):
    """The rules of an award type, every regime's: each names its regime, its group (parent) and its code."""

    model = EligibilityRule
    fields = ["regime", "parent", "code", "order", "operator", "kind", "label", "params", "legal_basis", "active"]
    extra = 0


class AwardTermsInline(admin.TabularInline):
    model = AwardTerms
    fields = ["regime", "legal_basis", "decided_by", "route", "vote_threshold_percent", "vote_basis",
              "money_coefficient", "money_basis"]
    extra = 0


@admin.register(LegalRegime)
class LegalRegimeAdmin(AuditedAdmin):
    list_display = ["name", "scope", "valid_from", "valid_to", "decision_reference", "council_quorum",
                    "appraisal_working_days", "active"]
    list_filter = ["scope", "active"]
    search_fields = ["name", "code", "decision_reference"]


@admin.register(Inquiry)
class InquiryAdmin(AuditedAdmin):
    list_display = ["kind", "person", "unit", "opened_on", "closed_on", "reference"]
    list_select_related = ["person", "unit"]
    list_filter = ["kind"]
    autocomplete_fields = ["person", "unit"]


@admin.register(AwardType)
class AwardTypeAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "level", "recipient", "active"]
    list_filter = ["kind", "level", "recipient", "active"]
    search_fields = ["code", "name"]
    ordering = ["order", "code"]
    inlines = [AwardTermsInline, EligibilityRuleInline]


@admin.register(PersonRating)
class PersonRatingAdmin(AuditedAdmin):
    list_display = ["person", "year", "rating", "unit"]
    list_select_related = ["person", "unit"]
    list_filter = ["year", "rating"]
    search_fields = ["person__search_text", "person__full_name"]
    autocomplete_fields = ["person", "unit"]


@admin.register(Initiative)
class InitiativeAdmin(AuditedAdmin):
    list_display = ["title", "person", "year", "level"]
    list_select_related = ["person"]
    list_filter = ["year", "level"]
    search_fields = ["title", "person__search_text", "person__full_name"]
    autocomplete_fields = ["person"]


@admin.register(Discipline)
class DisciplineAdmin(AuditedAdmin):
    list_display = ["person", "year", "measure", "decision_reference"]
    list_select_related = ["person"]
    list_filter = ["year", "measure"]
    search_fields = ["person__search_text", "person__full_name", "decision_reference"]
    autocomplete_fields = ["person"]


@admin.register(UnitYear)
class UnitYearAdmin(AuditedAdmin):
    list_display = ["unit", "year", "member_count", "members_completed", "advanced_workers", "rating"]
    list_select_related = ["unit"]
    list_filter = ["year"]
    search_fields = ["unit__search_text", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]


class CouncilMemberInline(admin.TabularInline):
    """A council's members: a member leaving is marked as no longer serving (meetings keep who attended)."""

    model = CouncilMember
    fields = ["order", "full_name", "position", "role", "user", "active"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "unit"]
    list_select_related = ["unit"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [CouncilMemberInline]


@admin.register(Signatory)
class SignatoryAdmin(AuditedAdmin):
    """Who signs an issuer's decisions: the Chairman, and the Vice-Chairmen he authorises (with the document)."""

    list_display = ["user", "unit", "title", "principal", "authorised_by", "active"]
    list_select_related = ["user", "unit"]
    list_filter = ["principal", "active"]
    autocomplete_fields = ["user", "unit"]


@admin.register(DossierDue)
class DossierDueAdmin(AuditedAdmin):
    list_display = ["year", "route", "due_on", "basis"]
    list_filter = ["year", "route"]
