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
    # Status and year move only through the services (their rules and audit); the rest is catalog text.
    readonly_fields = ["status", "year", "search_text"]
    inlines = [ContentInline, ParticipationInline, DistributionInline]

    def prepare(self, obj):
        obj.search_text = campaign_search_text(obj)


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(AuditedAdmin):
    """Titles and texts only: due dates and recipients change through the deadline page (lateness and receipts
    follow them there), and a deadline that units have answered is never deleted."""

    list_display = ["code", "title", "campaign", "due_on"]
    list_select_related = ["campaign"]
    readonly_fields = ["campaign", "code", "due_on", "only_units"]
    inlines = [RecipientInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.submissions.exists()
