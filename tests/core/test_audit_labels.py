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


def test_the_core_knows_no_domain_app_each_app_registers_its_own_labels():
    import ast
    from pathlib import Path

    from django.utils import translation

    import thidua.core.audit_labels as labels

    tree = ast.parse(Path(labels.__file__).read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert [name for name in imported if name.startswith("thidua.") and not name.startswith("thidua.core")] == []
    # The apps registered theirs when Django started.
    assert labels.ACTION_LABELS["campaigns.submission.submitted"] and labels.ACTION_LABELS["awards.decision.signed"]
    with translation.override("en"):
        assert labels.value_text("in_appraisal") == "In appraisal"  # awards
        assert labels.value_text("on_track") == "On track"  # indicators
        assert labels.value_text("missing") == "missing"  # campaigns


def test_a_later_registration_labels_new_codes_and_a_fallback_never_replaces_a_label(monkeypatch):
    from django.utils import translation

    import thidua.core.audit_labels as labels

    monkeypatch.setattr(labels, "ACTION_LABELS", dict(labels.ACTION_LABELS))
    monkeypatch.setattr(labels, "VALUE_LABELS", dict(labels.VALUE_LABELS))
    monkeypatch.setattr(labels, "FALLBACK_VALUE_LABELS", dict(labels.FALLBACK_VALUE_LABELS))
    labels.register(actions={"desk.test.done": "Done on the desk"}, values=[{"zz_code": "A code"}],
                    fallback_values=[{"submitted": "Something else", "zz_other": "Other"}])
    with translation.override("en"):
        assert labels.action_label("desk.test.done") == "Done on the desk"
        assert labels.value_text("zz_code") == "A code"
        assert labels.value_text("zz_other") == "Other"
        assert labels.value_text("submitted") == "Submitted"
