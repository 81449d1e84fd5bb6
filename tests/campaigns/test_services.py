"""Writes for campaigns and their plans: the status machine, the rules, the audit log, atomicity."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.campaigns import services
from thidua.campaigns.enums import CampaignKind, CampaignStatus, RecipientKind
from thidua.campaigns.models import Campaign, ContentArea, Deadline, DistributionEntry, Participation, Recipient
from thidua.core.models import AuditEvent
from thidua.org import services as org_services
from thidua.org.enums import ClusterKind

STATUSES = [CampaignStatus.DRAFT, CampaignStatus.LAUNCHED, CampaignStatus.EVALUATING, CampaignStatus.CLOSED]
ALLOWED = {("draft", "launched"), ("launched", "evaluating"), ("evaluating", "closed")}


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Campaign, ContentArea, Deadline, Recipient, Participation, DistributionEntry, AuditEvent)}


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def draft(code: str = "TD-2022", **fields) -> Campaign:
    return services.campaign_create(by=None, code=code, title="Phong trào thi đua năm 2022", year=2021, **fields)


def campaign_in(status: str) -> Campaign:
    """A campaign with one content area, put straight into ``status`` (test set-up, not a transition)."""
    campaign = draft()
    services.content_area_add(by=None, campaign=campaign, order=1, title="Nội dung 1", body="Thân")
    Campaign.objects.filter(pk=campaign.pk).update(status=status)
    return Campaign.objects.get(pk=campaign.pk)


# --- campaign_create / campaign_update -------------------------------------------------------------------------


def test_campaign_create_is_a_draft_with_an_audit_event(province):
    vanphong = province.user("vanphong")
    campaign = services.campaign_create(
        by=vanphong, code="TD-2022", title="Phong trào thi đua năm 2022", year=2022, kind=CampaignKind.REGULAR,
        starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2022, 12, 31), legal_basis=["Luật TĐKT 2022"],
        issuer=province.unit("UBND-BG"))
    assert (campaign.status, campaign.search_text) == ("draft", "td-2022 phong trao thi dua nam 2022")
    event = last_event("campaigns.campaign.created")
    assert (event.actor, event.target_id) == (vanphong, campaign.pk)
    after = event.data["after"]
    assert {k: after[k] for k in ("code", "title", "year", "kind", "starts_on", "ends_on", "legal_basis",
                                  "issuer_id")} == {
        "code": "TD-2022", "title": "Phong trào thi đua năm 2022", "year": 2022, "kind": "regular",
        "starts_on": "2022-01-01", "ends_on": "2022-12-31", "legal_basis": ["Luật TĐKT 2022"],
        "issuer_id": province.unit_ids["UBND-BG"]}


def test_campaign_create_with_a_taken_code_is_refused_and_writes_nothing(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.campaign_create(by=None, code="NR-2021", title="Trùng", year=2021)
    assert rows() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "launched"},
        {"kind": "festival"},
        {"starts_on": datetime.date(2022, 2, 1), "ends_on": datetime.date(2022, 1, 1)},
        {"legal_basis": "Luật TĐKT 2022"},
        {"legal_basis": [1, 2]},
    ],
    ids=["status-not-editable", "unknown-kind", "ends-before-start", "basis-not-a-list", "basis-not-texts"],
)
def test_campaign_create_with_bad_fields_is_refused_and_writes_nothing(province, fields):
    before = rows()
    with pytest.raises(ValidationError):
        services.campaign_create(by=None, code="TD-X", title="Sai", year=2022, **fields)
    assert rows() == before


def test_campaign_update_records_each_changed_value_before_and_after(province):
    vanphong = province.user("vanphong")
    campaign = province.campaign()
    services.campaign_update(by=vanphong, campaign=campaign, plan_number="215", issued_on=datetime.date(2021, 9, 20))
    event = last_event("campaigns.campaign.updated")
    assert (event.actor, event.target_id) == (vanphong, campaign.pk)
    assert event.data == {"changes": {"plan_number": ["", "215"], "issued_on": [None, "2021-09-20"]}}
    assert Campaign.objects.get(pk=campaign.pk).plan_reference == "215/KH-UBND"


def test_campaign_update_of_the_title_refreshes_the_search_text(province):
    campaign = draft()
    services.campaign_update(by=None, campaign=campaign, title="Đợt thi đua đặc biệt")
    assert Campaign.objects.get(pk=campaign.pk).search_text == "td-2022 dot thi dua dac biet"
    assert last_event("campaigns.campaign.updated").data == {
        "changes": {"title": ["Phong trào thi đua năm 2022", "Đợt thi đua đặc biệt"]}}


def test_campaign_update_without_a_change_writes_no_event(province):
    campaign = province.campaign()
    before = rows()
    services.campaign_update(by=None, campaign=campaign, plan_symbol="KH-UBND")
    assert rows() == before


def test_campaign_update_of_a_closed_campaign_is_refused(province):
    campaign = campaign_in(CampaignStatus.CLOSED)
    before = rows()
    with pytest.raises(ValidationError):
        services.campaign_update(by=None, campaign=campaign, title="Sửa sau khi đóng")
    assert rows() == before


def test_campaign_update_of_an_unknown_field_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.campaign_update(by=None, campaign=province.campaign(), status="closed")
    assert rows() == before
    assert Campaign.objects.get(pk=province.campaign_id).status == "launched"


def test_campaign_update_ending_before_it_starts_is_refused_and_keeps_the_stored_values(province):
    with pytest.raises(ValidationError):
        services.campaign_update(by=None, campaign=province.campaign(), starts_on=datetime.date(2022, 6, 1))
    assert Campaign.objects.get(pk=province.campaign_id).starts_on is None


# --- campaign_transition ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(STATUSES, STATUSES)))
def test_campaign_transition_follows_the_table(province, from_status, to_status):
    vanphong = province.user("vanphong")
    campaign = campaign_in(from_status)
    events = AuditEvent.objects.count()
    if (from_status, to_status) in ALLOWED:
        moved = services.campaign_transition(by=vanphong, campaign=campaign, to=to_status)
        assert moved.status == to_status
        assert Campaign.objects.get(pk=campaign.pk).status == to_status
        event = last_event(f"campaigns.campaign.{to_status}")
        assert (event.actor, event.target_id, event.data) == (vanphong, campaign.pk,
                                                              {"status": [from_status, to_status]})
        assert AuditEvent.objects.count() == events + 1
    else:
        with pytest.raises(ValidationError):
            services.campaign_transition(by=vanphong, campaign=campaign, to=to_status)
        assert Campaign.objects.get(pk=campaign.pk).status == from_status
        assert AuditEvent.objects.count() == events


def test_campaign_transition_table_is_exactly_the_lifecycle():
    pairs = {(a, b) for a, targets in services.ALLOWED_TRANSITIONS.items() for b in targets}
    assert pairs == ALLOWED


def test_campaign_transition_to_an_unknown_status_is_refused(province):
    campaign = campaign_in(CampaignStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.campaign_transition(by=None, campaign=campaign, to="archived")
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"


def test_campaign_launch_without_a_content_area_is_refused(province):
    campaign = draft()
    before = rows()
    with pytest.raises(ValidationError):
        services.campaign_transition(by=None, campaign=campaign, to=CampaignStatus.LAUNCHED)
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"
    assert rows() == before


def test_campaign_transition_reads_the_stored_status_not_a_stale_object(province):
    """Two offices looking at the same draft: the second launch is refused, not applied twice."""
    campaign = campaign_in(CampaignStatus.DRAFT)
    stale = Campaign.objects.get(pk=campaign.pk)
    services.campaign_transition(by=None, campaign=campaign, to=CampaignStatus.LAUNCHED)
    with pytest.raises(ValidationError):
        services.campaign_transition(by=None, campaign=stale, to=CampaignStatus.LAUNCHED)
    assert AuditEvent.objects.filter(action="campaigns.campaign.launched", target_id=campaign.pk).count() == 1


# --- the plan's parts ------------------------------------------------------------------------------------------


def test_content_area_add_writes_an_audit_event(province):
    vanphong = province.user("vanphong")
    campaign = draft()
    area = services.content_area_add(by=vanphong, campaign=campaign, order=1, title="Thi đua A", body="Nội dung A")
    event = last_event("campaigns.content_area.added")
    assert (event.actor, event.target_id, event.data) == (
        vanphong, campaign.pk, {"order": 1, "title": "Thi đua A", "content_area": area.pk})


def test_content_area_add_with_a_taken_order_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.content_area_add(by=None, campaign=province.campaign(), order=9, title="Trùng", body="Trùng")
    assert rows() == before


def test_deadline_create_stores_its_recipients_and_an_audit_event(province):
    vanphong = province.user("vanphong")
    campaign = province.campaign()
    snv = province.unit("SNV")
    deadline = services.deadline_create(
        by=vanphong, campaign=campaign, code="BC-TONG-KET", title="Báo cáo tổng kết",
        due_on=datetime.date(2021, 12, 15),
        recipients=[RecipientKind.CLUSTER_HEAD, RecipientKind.COUNCIL_OFFICE, snv])
    assert list(deadline.recipients.order_by("id").values_list("kind", "unit_id")) == [
        ("cluster_head", None), ("council_office", None), ("unit", snv.pk)]
    event = last_event("campaigns.deadline.created")
    assert (event.actor, event.target_id, event.data) == (vanphong, campaign.pk, {
        "deadline": deadline.pk, "code": "BC-TONG-KET", "due_on": "2021-12-15",
        "recipients": ["cluster_head", "council_office", snv.pk], "only_units": []})


def test_deadline_create_without_recipients_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.deadline_create(by=None, campaign=province.campaign(), code="X", title="X",
                                 due_on=datetime.date(2021, 12, 1), recipients=[])
    assert rows() == before


def test_deadline_create_with_an_unknown_recipient_leaves_no_deadline(province):
    """The deadline row is written before the recipients are checked: the transaction must undo it."""
    before = rows()
    with pytest.raises(ValidationError):
        services.deadline_create(by=None, campaign=province.campaign(), code="X", title="X",
                                 due_on=datetime.date(2021, 12, 1),
                                 recipients=[RecipientKind.COUNCIL_OFFICE, "everyone"])
    assert rows() == before


def test_deadline_create_with_a_named_unit_kind_but_no_unit_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.deadline_create(by=None, campaign=province.campaign(), code="X", title="X",
                                 due_on=datetime.date(2021, 12, 1), recipients=[RecipientKind.UNIT])
    assert rows() == before


def test_deadline_create_with_a_taken_code_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.deadline_create(by=None, campaign=province.campaign(), code="VB-PHAT-DONG", title="Trùng",
                                 due_on=datetime.date(2021, 12, 1), recipients=[RecipientKind.COUNCIL_OFFICE])
    assert rows() == before


def test_participation_add_of_a_cluster_writes_an_audit_event(province):
    vanphong = province.user("vanphong")
    campaign = draft()
    cluster = province.cluster("Cụm thi đua số 1")
    services.participation_add(by=vanphong, campaign=campaign, cluster=cluster)
    event = last_event("campaigns.participation.added")
    assert (event.actor, event.target_id, event.data) == (vanphong, campaign.pk,
                                                          {"unit": None, "cluster": cluster.pk})


def test_participation_add_of_a_unit_writes_an_audit_event(province):
    campaign = draft()
    unit = province.unit("UBND-BN")
    services.participation_add(by=None, campaign=campaign, unit=unit)
    assert last_event("campaigns.participation.added").data == {"unit": unit.pk, "cluster": None}


def test_participation_add_of_a_cluster_of_another_year_is_refused(province):
    cluster_2022 = org_services.cluster_create(by=None, name="Cụm thi đua số 1", kind=ClusterKind.CLUSTER,
                                               year=2022, members=[province.unit("H-YT")])
    before = rows()
    with pytest.raises(ValidationError):
        services.participation_add(by=None, campaign=province.campaign(), cluster=cluster_2022)
    assert rows() == before


@pytest.mark.parametrize("which", ["both", "neither"])
def test_participation_add_naming_both_or_neither_is_refused(province, which):
    named = {"unit": province.unit("UBND-BN"), "cluster": province.cluster("Cụm thi đua số 1")}
    kwargs = named if which == "both" else {}
    before = rows()
    with pytest.raises(ValidationError):
        services.participation_add(by=None, campaign=province.campaign(), **kwargs)
    assert rows() == before


def test_participation_add_twice_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.participation_add(by=None, campaign=province.campaign(), cluster=province.cluster("Khối kinh tế"))
    assert rows() == before


def test_distribution_add_appends_a_line_and_writes_an_audit_event(province):
    vanphong = province.user("vanphong")
    campaign = province.campaign()
    entry = services.distribution_add(by=vanphong, campaign=campaign, name="Báo Bắc Giang", purpose="đăng tin")
    assert (entry.order, entry.level) == (11, 0)
    event = last_event("campaigns.distribution.added")
    assert (event.actor, event.target_id, event.data) == (vanphong, campaign.pk,
                                                          {"name": "Báo Bắc Giang", "purpose": "đăng tin"})


def test_distribution_add_to_an_empty_list_starts_at_one(province):
    assert services.distribution_add(by=None, campaign=draft(), name="Sở Nội vụ").order == 1


# --- who may call these ----------------------------------------------------------------------------------------


OFFICE_ONLY_CALLS = {
    "campaign_create": lambda p, by: services.campaign_create(by=by, code="TD-X", title="X", year=2022),
    "campaign_update": lambda p, by: services.campaign_update(by=by, campaign=p.campaign(), title="Đổi"),
    "campaign_transition": lambda p, by: services.campaign_transition(by=by, campaign=p.campaign(),
                                                                      to=CampaignStatus.EVALUATING),
    "content_area_add": lambda p, by: services.content_area_add(by=by, campaign=p.campaign(), order=10,
                                                                title="Thêm", body="Thêm"),
    "deadline_create": lambda p, by: services.deadline_create(
        by=by, campaign=p.campaign(), code="BC", title="BC", due_on=datetime.date(2021, 12, 1),
        recipients=[RecipientKind.COUNCIL_OFFICE]),
    "participation_add": lambda p, by: services.participation_add(by=by, campaign=p.campaign(),
                                                                  unit=p.unit("UBND-BN")),
    "distribution_add": lambda p, by: services.distribution_add(by=by, campaign=p.campaign(), name="Thêm"),
}


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "chutich", "thanhvien"])
@pytest.mark.parametrize("service", sorted(OFFICE_ONLY_CALLS))
def test_office_only_service_called_by_another_role_is_denied_and_writes_nothing(province, service, username):
    before = rows()
    with pytest.raises(PermissionDenied):
        OFFICE_ONLY_CALLS[service](province, province.user(username))
    assert rows() == before
    assert Campaign.objects.get(pk=province.campaign_id).status == "launched"


@pytest.mark.parametrize("service", sorted(OFFICE_ONLY_CALLS))
def test_office_only_service_called_by_the_office_succeeds(province, service):
    before = AuditEvent.objects.count()
    OFFICE_ONLY_CALLS[service](province, province.user("vanphong"))
    assert AuditEvent.objects.count() == before + 1


# --- invariants a careless call could break --------------------------------------------------------------------


def test_campaign_update_of_the_year_with_clusters_of_the_old_year_is_refused(province):
    """Its 2021 clusters would stop matching the campaign's year (the rule participation_add enforces)."""
    before = rows()
    with pytest.raises(ValidationError):
        services.campaign_update(by=None, campaign=province.campaign(), year=2022)
    assert rows() == before
    assert Campaign.objects.get(pk=province.campaign_id).year == 2021


def test_campaign_update_of_the_year_without_cluster_participants_is_allowed(province):
    campaign = draft()
    services.campaign_update(by=None, campaign=campaign, year=2022)
    assert Campaign.objects.get(pk=campaign.pk).year == 2022


@pytest.mark.parametrize("repeated", ["cluster_head", "unit"])
def test_deadline_create_with_a_recipient_listed_twice_stores_it_once(province, repeated):
    """A repeated recipient is either refused or stored once, never twice and never a database error."""
    snv = province.unit("SNV")
    recipients = [RecipientKind.CLUSTER_HEAD, RecipientKind.CLUSTER_HEAD] if repeated == "cluster_head" else [snv, snv]
    before = rows()
    try:
        deadline = services.deadline_create(by=None, campaign=province.campaign(), code="BC", title="Báo cáo",
                                            due_on=datetime.date(2021, 12, 1), recipients=recipients)
    except ValidationError:
        assert rows() == before
    else:
        assert deadline.recipients.count() == 1
