from thidua.campaigns import services as campaigns
from thidua.campaigns.enums import CampaignStatus
from thidua.campaigns.models import Campaign
from thidua.core.audit_labels import ACTION_LABELS, action_label
from thidua.core.models import AuditEvent


def test_every_action_the_demo_and_transitions_write_has_a_label(demo):
    campaign = Campaign.objects.get(code="NR-2021")
    campaigns.campaign_transition(by=None, campaign=campaign, to=CampaignStatus.EVALUATING)
    campaigns.campaign_transition(by=None, campaign=campaign, to=CampaignStatus.CLOSED)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    unlabelled = sorted(a for a in actions if a not in ACTION_LABELS)
    assert unlabelled == []


def test_admin_actions_get_a_generic_label_and_unknown_codes_show_as_is():
    assert action_label("admin.org.unit.changed") != "admin.org.unit.changed"
    assert action_label("something.unknown") == "something.unknown"


def test_audit_values_read_as_text():
    from django.utils import translation

    from thidua.core.audit_labels import value_text

    with translation.override("en"):
        assert value_text(True) == "yes"
        assert value_text(None) == "—"
        assert value_text(["submitted", "returned"], "status") == "Submitted → Returned"
        assert value_text(["cluster_head", "council_office"], "recipients") == (
            "Head of the sender's cluster or block, Council standing office (via the Department of Home Affairs)")
        assert value_text("council_office") == "Council standing office (via the Department of Home Affairs)"
        assert value_text({"due_on": ["2021-09-30", "2021-10-05"]}, "changes") == "due on: 2021-09-30 → 2021-10-05"
        assert value_text([1, 2, 3]) == "1, 2, 3"
