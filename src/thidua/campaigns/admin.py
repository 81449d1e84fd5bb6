from django.contrib import admin

from thidua.core.admin import AuditedAdmin

from .models import Campaign, ContentArea, Deadline, DistributionEntry, Participation, Recipient
from .services import campaign_search_text


class ContentInline(admin.StackedInline):
    model = ContentArea
    extra = 0


class DistributionInline(admin.TabularInline):
    model = DistributionEntry
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    autocomplete_fields = ["unit"]
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    """Catalog view for the office; state changes (launch, close) go through the campaign page's services."""

    list_display = ["code", "title", "kind", "status", "year"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["code", "title"]
    readonly_fields = ["status", "search_text"]
    inlines = [ContentInline, ParticipationInline, DistributionInline]

    def prepare(self, obj):
        obj.search_text = campaign_search_text(obj)


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(Deadline)
class DeadlineAdmin(AuditedAdmin):
    list_display = ["code", "title", "campaign", "due_on"]
    inlines = [RecipientInline]
