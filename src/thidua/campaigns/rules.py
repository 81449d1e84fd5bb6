import rules

from thidua.accounts.rules import has_any_role, is_council_office, sees_everything

from .enums import CampaignStatus


@rules.predicate
def is_published(user, campaign) -> bool:
    return campaign is not None and campaign.status != CampaignStatus.DRAFT


rules.add_perm("campaigns.manage_campaign", is_council_office)
rules.add_perm("campaigns.view_campaign", sees_everything | (has_any_role & is_published))
