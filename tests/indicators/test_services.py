"""Writes for indicators, targets and progress: permissions, the version check, history, the audit log."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from thidua.campaigns import services as campaign_services
from thidua.core.exceptions import StaleVersion
from thidua.core.models import AuditEvent
from thidua.indicators import services
from thidua.indicators.enums import Aggregation, Direction, EntrySource, TargetApproval, TargetOrigin, TargetStatus
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.indicators.spreadsheet import read_sheet

from .builders import (
    BASELINE_ON,
    DUE_ON,
    HALFWAY,
    counts,
    demo_target,
    fresh_indicator,
    last_event,
    sheet_row,
    target_for,
    upload,
    workbook_bytes,
)

D = Decimal
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def record(by, target: Target, value, period=HALFWAY, **kwargs) -> ProgressEntry:
    target.refresh_from_db()
    return services.progress_record(by=by, target=target, period_end=period, value=value,
                                    version=kwargs.pop("version", target.version), **kwargs)


# ── indicator_create / indicator_update ─────────────────────────────────────────────────────────────────────


def test_indicator_create_is_audited_with_its_values(province):
    vanphong = province.user("vanphong")
    campaign = province.campaign()
    indicator = services.indicator_create(
        by=vanphong, campaign=campaign, content_area=campaign.contents.get(order=7), code="CCHC-03",
        name="Chỉ số hài lòng của người dân (SIPAS)", unit_of_measure="%", direction=Direction.HIGHER_BETTER,
        aggregation=Aggregation.AVERAGE, description=" Khảo sát hằng quý ")
    event = last_event("indicators.indicator.created")
    assert (event.actor, event.target_id) == (vanphong, indicator.pk)
    assert event.data["after"] == {
        "content_area": campaign.contents.get(order=7).pk, "code": "CCHC-03",
        "name": "Chỉ số hài lòng của người dân (SIPAS)", "unit_of_measure": "%", "direction": "higher_better",
        "aggregation": "average", "frequency": "monthly", "description": "Khảo sát hằng quý",
        "min_value": None, "max_value": None}


@pytest.mark.parametrize(("fields", "field"), [
    ({"code": "YT-01"}, "code"),          # taken in this campaign
    ({"code": "yt-01"}, "code"),          # whatever the case
    ({"code": ""}, "code"),
    ({"name": ""}, "name"),
    ({"unit_of_measure": "x" * 41}, "unit_of_measure"),
    ({"direction": "sideways"}, "direction"),
    ({"aggregation": "median"}, "aggregation"),
])
def test_indicator_create_with_bad_fields_is_refused_and_writes_nothing(province, fields, field):
    campaign = province.campaign()
    values = {"content_area": campaign.contents.get(order=1), "code": "NEW-01", "name": "Chỉ tiêu mới",
              "unit_of_measure": "%", "direction": Direction.HIGHER_BETTER, **fields}
    before = (Indicator.objects.count(), counts())
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(by=None, campaign=campaign, **values)
    assert field in caught.value.message_dict
    assert (Indicator.objects.count(), counts()) == before


@pytest.mark.parametrize("username", ["chutich", "thanhvien", "hiephoa", "yenthe", "soyte"])
def test_only_the_office_creates_indicators(province, username):
    campaign = province.campaign()
    with pytest.raises(PermissionDenied):
        services.indicator_create(by=province.user(username), campaign=campaign,
                                  content_area=campaign.contents.get(order=1), code="NEW-01", name="Chỉ tiêu",
                                  unit_of_measure="%", direction=Direction.HIGHER_BETTER)
    assert not Indicator.objects.filter(code="NEW-01").exists()


def test_indicator_update_of_the_direction_re_evaluates_its_targets(province):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    record(None, target, "95")
    target.refresh_from_db()
    assert (target.status, target.completion, target.version) == (TargetStatus.ACHIEVED, D("110.00"), 2)
    services.indicator_update(by=province.user("vanphong"), indicator=indicator, direction=Direction.EXACT)
    target.refresh_from_db()
    # Exact: 5 over a 50-point span loses 10 points; the pace (40 → 95 in half the time) overshoots to 150.
    assert (target.status, target.completion, target.projected_value, target.version) == (
        TargetStatus.OFF_TRACK, D("90.00"), D("150.0000"), 3)
    assert target_for(indicator, province, "SYT").version == 2  # no value yet, but a new rule: a new version
    event = last_event("indicators.indicator.updated")
    assert (event.actor, event.target_id, event.data["changes"]) == (
        province.user("vanphong"), indicator.pk, {"direction": ["higher_better", "exact"]})


def test_indicator_update_to_a_direction_its_targets_contradict_is_refused(province):
    indicator = fresh_indicator(province)
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(by=None, indicator=indicator, direction=Direction.LOWER_BETTER)
    assert "target_value" in caught.value.message_dict
    assert Indicator.objects.get(pk=indicator.pk).direction == Direction.HIGHER_BETTER


def test_indicator_update_of_the_name_keeps_target_versions(province):
    indicator = fresh_indicator(province)
    services.indicator_update(by=None, indicator=indicator, name="Tên mới")
    assert set(indicator.targets.values_list("version", flat=True)) == {1}
    assert last_event("indicators.indicator.updated").data["changes"] == {"name": ["Chỉ tiêu thử TEST-01", "Tên mới"]}


def test_indicators_are_frozen_once_the_campaign_is_evaluated(province):
    indicator = fresh_indicator(province)
    campaign_services.campaign_transition(by=None, campaign=province.campaign(), to="evaluating")
    with pytest.raises(ValidationError):
        services.indicator_update(by=None, indicator=indicator, name="Tên mới")


# ── targets ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_target_set_creates_an_approved_target_with_default_dates(province):
    indicator = fresh_indicator(province, units=())
    vanphong = province.user("vanphong")
    target = services.target_set(by=vanphong, indicator=indicator, unit=province.unit("H-YT"), baseline="10.5",
                                 target_value=20)
    campaign = province.campaign()
    assert (target.baseline, target.target_value, target.baseline_on, target.due_on, target.approval, target.origin,
            target.decided_by, target.version, target.status) == (
        D("10.5000"), D("20.0000"), datetime.date(2021, 1, 1), campaign.ends_on, TargetApproval.APPROVED,
        TargetOrigin.ASSIGNED, vanphong, 1, TargetStatus.NO_DATA)
    event = last_event("indicators.target.created")
    assert (event.actor, event.target_id, event.data["origin"]) == (vanphong, target.pk, "assigned")
    assert event.data["after"] == {"baseline": "10.5000", "target_value": "20.0000", "baseline_on": "2021-01-01",
                                   "due_on": "2021-12-31", "approval": "approved"}


def test_target_set_again_changes_the_goal_re_evaluates_and_records_before_after(province):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    record(None, target, "65")  # halfway in time, halfway there: on track
    target.refresh_from_db()
    assert (target.status, target.completion, target.version) == (TargetStatus.ON_TRACK, D("50.00"), 2)
    changed = services.target_set(by=province.user("vanphong"), indicator=indicator, unit=target.unit,
                                  baseline="40", target_value="100", due_on=DUE_ON, baseline_on=BASELINE_ON,
                                  version=2)
    # 25 of 60 points; the pace reaches 90 of 100: 83.33 % → at risk.
    assert (changed.pk, changed.target_value, changed.completion, changed.status, changed.version) == (
        target.pk, D("100.0000"), D("41.67"), TargetStatus.AT_RISK, 3)
    assert last_event("indicators.target.updated").data["changes"] == {"target_value": ["90.0000", "100.0000"]}


def test_target_set_with_a_stale_version_is_refused(province):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    record(None, target, "65")
    with pytest.raises(StaleVersion) as caught:
        services.target_set(by=None, indicator=indicator, unit=target.unit, baseline="40", target_value="100",
                            version=1)
    assert caught.value.current_version == 2
    assert Target.objects.get(pk=target.pk).target_value == D("90")


@pytest.mark.parametrize(("baseline", "target_value", "due_on", "field"), [
    ("90", "40", DUE_ON, "target_value"),             # higher is better, target below baseline
    ("40", "90", BASELINE_ON, "due_on"),              # due on the baseline date
    ("bốn mươi", "90", DUE_ON, "baseline"),
    ("40", "1e20", DUE_ON, "target_value"),           # beyond what the database keeps
])
def test_target_set_with_a_bad_goal_is_refused(province, baseline, target_value, due_on, field):
    indicator = fresh_indicator(province, units=())
    with pytest.raises(ValidationError) as caught:
        services.target_set(by=None, indicator=indicator, unit=province.unit("H-YT"), baseline=baseline,
                            target_value=target_value, due_on=due_on, baseline_on=BASELINE_ON)
    assert field in caught.value.message_dict
    assert not indicator.targets.exists()


def test_target_set_for_a_unit_outside_the_campaign_is_refused(province):
    indicator = fresh_indicator(province, units=())
    with pytest.raises(ValidationError):
        services.target_set(by=None, indicator=indicator, unit=province.unit("UBND-BG"), baseline=1, target_value=2)
    assert not indicator.targets.exists()


@pytest.mark.parametrize("username", ["chutich", "thanhvien", "hiephoa", "yenthe"])
def test_only_the_office_sets_targets(province, username):
    indicator = fresh_indicator(province, units=())
    with pytest.raises(PermissionDenied):
        services.target_set(by=province.user(username), indicator=indicator, unit=province.unit("H-YT"),
                            baseline=1, target_value=2)
    assert not indicator.targets.exists()


def test_targets_set_bulk_creates_each_audited_and_updates_the_existing(province):
    indicator = fresh_indicator(province, units=("H-YT",))
    vanphong = province.user("vanphong")
    rows = [
        {"unit_id": province.unit_ids["H-YT"], "baseline": "40", "target_value": "95", "baseline_on": BASELINE_ON},
        {"unit_id": province.unit_ids["H-HH"], "baseline": "50", "target_value": "100"},
        {"unit_id": province.unit_ids["SYT"], "baseline": "", "target_value": None},  # skipped
        {"unit_id": province.unit_ids["TP-BG"], "baseline": "30", "target_value": "80"},
    ]
    saved = services.targets_set_bulk(by=vanphong, indicator=indicator, rows=rows)
    assert sorted((t.unit.code, t.target_value) for t in saved) == [
        ("H-HH", D("100")), ("H-YT", D("95")), ("TP-BG", D("80"))]
    assert sorted(indicator.targets.values_list("unit__code", flat=True)) == ["H-HH", "H-YT", "TP-BG"]
    created = {e.target_id: e.data for e in
               AuditEvent.objects.filter(action="indicators.target.created", actor=vanphong)}
    assert set(created) == set(indicator.targets.exclude(unit__code="H-YT").values_list("pk", flat=True))
    assert all(data["bulk"] is True and data["origin"] == "assigned" for data in created.values())
    updated = last_event("indicators.target.updated")
    assert (updated.target_id, updated.data["changes"]) == (
        target_for(indicator, province, "H-YT").pk, {"target_value": ["90.0000", "95.0000"]})


def test_targets_set_bulk_with_one_bad_row_writes_nothing(province):
    indicator = fresh_indicator(province, units=())
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.targets_set_bulk(by=None, indicator=indicator, rows=[
            {"unit_id": province.unit_ids["H-YT"], "baseline": "40", "target_value": "95"},
            {"unit_id": province.unit_ids["UBND-BG"], "baseline": "40", "target_value": "95"},  # not taking part
            {"unit_id": province.unit_ids["SYT"], "baseline": "40", "target_value": "30"},      # wrong way round
        ])
    assert set(caught.value.message_dict) == {"row 2", f"{province.unit('SYT').name}: target_value"}
    assert (indicator.targets.count(), counts()) == (0, before)


# ── pledges ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_clerk_pledges_a_target_that_waits_for_approval(province):
    indicator = fresh_indicator(province, units=())
    yenthe = province.user("yenthe")
    target = services.target_pledge(by=yenthe, indicator=indicator, unit=province.unit("H-YT"), baseline="30",
                                    target_value="70")
    assert (target.approval, target.origin, target.decided_by, target.version) == (
        TargetApproval.PENDING, TargetOrigin.PLEDGED, None, 1)
    event = last_event("indicators.target.created")
    assert (event.actor, event.target_id, event.data["origin"], event.data["after"]["approval"]) == (
        yenthe, target.pk, "pledged", "pending")


@pytest.mark.parametrize(("username", "unit"), [("yenthe", "SYT"), ("hiephoa", "H-YT"), ("vanphong", "H-YT"),
                                                ("chutich", "H-YT")])
def test_pledge_for_another_unit_or_by_the_office_is_refused(province, username, unit):
    indicator = fresh_indicator(province, units=())
    with pytest.raises(PermissionDenied):
        services.target_pledge(by=province.user(username), indicator=indicator, unit=province.unit(unit),
                               baseline="30", target_value="70")
    assert not indicator.targets.exists()


def test_pledge_cannot_change_an_approved_target(province):
    target = demo_target(province, "H-YT", "YT-01")
    with pytest.raises(ValidationError):
        services.target_pledge(by=province.user("yenthe"), indicator=target.indicator, unit=target.unit,
                               baseline="1", target_value="2", version=target.version)
    assert Target.objects.get(pk=target.pk).target_value == target.target_value


def test_office_approves_a_pledge(province):
    target = demo_target(province, "H-YT", "CCHC-02")
    vanphong = province.user("vanphong")
    decided = services.target_decide(by=vanphong, target=target, approve=True, version=target.version)
    assert (decided.approval, decided.decided_by, decided.version) == (TargetApproval.APPROVED, vanphong,
                                                                         target.version + 1)
    event = last_event("indicators.target.approved")
    assert (event.actor, event.target_id, event.data) == (vanphong, target.pk, {})
    entry = record(province.user("yenthe"), decided, "40")
    assert entry.target_id == target.pk  # once approved, values are taken


def test_office_rejects_a_pledge_with_a_reason_and_the_unit_pledges_again(province):
    target = demo_target(province, "H-YT", "CCHC-02")
    with pytest.raises(ValidationError) as caught:
        services.target_decide(by=None, target=target, approve=False, reason="  ")
    assert "reason" in caught.value.message_dict
    decided = services.target_decide(by=province.user("vanphong"), target=target, approve=False,
                                     reason="Chỉ tiêu thấp hơn mức bình quân của tỉnh")
    assert (decided.approval, decided.decision_reason) == (TargetApproval.REJECTED,
                                                           "Chỉ tiêu thấp hơn mức bình quân của tỉnh")
    assert last_event("indicators.target.rejected").data == {"reason": "Chỉ tiêu thấp hơn mức bình quân của tỉnh"}
    again = services.target_pledge(by=province.user("yenthe"), indicator=target.indicator, unit=target.unit,
                                   baseline="22.5", target_value="70", version=decided.version)
    assert (again.approval, again.target_value) == (TargetApproval.PENDING, D("70"))
    assert last_event("indicators.target.updated").data["changes"] == {
        "target_value": ["60.0000", "70.0000"], "approval": ["rejected", "pending"]}


@pytest.mark.parametrize("username", ["chutich", "thanhvien", "hiephoa", "yenthe"])
def test_only_the_office_decides_on_pledges(province, username):
    target = demo_target(province, "H-YT", "CCHC-02")
    with pytest.raises(PermissionDenied):
        services.target_decide(by=province.user(username), target=target, approve=True)
    assert Target.objects.get(pk=target.pk).approval == TargetApproval.PENDING


def test_decide_on_an_approved_target_or_with_a_stale_version_is_refused(province):
    with pytest.raises(ValidationError):
        services.target_decide(by=None, target=demo_target(province, "H-YT", "YT-01"), approve=True)
    pending = demo_target(province, "H-YT", "CCHC-02")
    with pytest.raises(StaleVersion):
        services.target_decide(by=None, target=pending, approve=True, version=pending.version + 1)
    assert Target.objects.get(pk=pending.pk).approval == TargetApproval.PENDING


# ── progress_record ─────────────────────────────────────────────────────────────────────────────────────────


def test_clerk_records_a_value_and_the_target_moves(province):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    yenthe = province.user("yenthe")
    entry = record(yenthe, target, "65", note="  Theo báo cáo của Trung tâm Y tế  ")
    target.refresh_from_db()
    assert (entry.value, entry.note, entry.is_current, entry.entered_by, entry.source, entry.completion,
            entry.replaces) == (D("65"), "Theo báo cáo của Trung tâm Y tế", True, yenthe, EntrySource.FORM,
                                D("50.00"), None)
    assert (target.current_value, target.completion, target.projected_value, target.status, target.entry_count,
            target.last_period_end, target.version) == (D("65"), D("50.00"), D("90.0000"), TargetStatus.ON_TRACK,
                                                        1, HALFWAY, 2)
    event = last_event("indicators.progress.recorded")
    assert (event.actor, event.target_id) == (yenthe, target.pk)
    assert {k: event.data[k] for k in ("entry", "period_end", "value", "note", "source")} == {
        "entry": entry.pk, "period_end": "2021-09-30", "value": [None, "65.0000"],
        "note": "Theo báo cáo của Trung tâm Y tế", "source": "form"}
    assert event.data["changes"] == {"status": ["no_data", "on_track"], "completion": [None, "50.00"],
                                     "current_value": [None, "65.0000"]}


def test_a_replaced_value_stays_in_the_history_and_the_event_has_old_and_new(province):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    first = record(province.user("yenthe"), target, "65")
    second = record(province.user("vanphong"), target, "56", note="Sửa số liệu")
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.replaces_id) == (False, True, first.pk)
    assert list(target.entries.order_by("id").values_list("value", "is_current")) == [(D("65"), False),
                                                                                       (D("56"), True)]
    target.refresh_from_db()
    # 16 of 50 points; the pace reaches 72: 64 % → off track.
    assert (target.current_value, target.completion, target.status, target.entry_count, target.version) == (
        D("56"), D("32.00"), TargetStatus.OFF_TRACK, 1, 3)
    event = last_event("indicators.progress.recorded")
    assert (event.actor, event.data["value"], event.data["entry"]) == (province.user("vanphong"),
                                                                       ["65.0000", "56.0000"], second.pk)
    assert event.data["changes"]["status"] == ["on_track", "off_track"]


def test_sum_indicator_adds_every_period(province):
    indicator = fresh_indicator(province, aggregation=Aggregation.SUM, baseline="0", target="300")
    target = target_for(indicator, province, "H-YT")
    record(None, target, "50", period=datetime.date(2021, 8, 15))
    record(None, target, "70", period=HALFWAY)
    target.refresh_from_db()
    assert (target.current_value, target.completion, target.entry_count) == (D("120"), D("40.00"), 2)
    assert list(target.entries.order_by("period_end").values_list("completion", flat=True)) == [D("16.67"),
                                                                                                 D("40.00")]


def test_second_clerk_with_the_same_version_gets_a_conflict_and_writes_nothing(province):
    target = demo_target(province, "H-YT", "YT-01")
    seen = target.version
    services.progress_record(by=province.user("yenthe"), target=target, period_end=DUE_ON, value="97",
                             version=seen)
    before = counts()
    with pytest.raises(StaleVersion) as caught:
        services.progress_record(by=province.user("vanphong"), target=target, period_end=DUE_ON, value="60",
                                 version=seen)
    assert caught.value.current_version == seen + 1
    assert str(seen) in caught.value.message and str(seen + 1) in caught.value.message
    assert counts() == before
    assert target.entries.get(period_end=DUE_ON, is_current=True).value == D("97")


def test_clerk_cannot_record_on_another_units_target(province):
    target = demo_target(province, "SYT", "PH-01")
    before = counts()
    with pytest.raises(PermissionDenied):
        services.progress_record(by=province.user("yenthe"), target=target, period_end=DUE_ON, value="100",
                                 version=target.version)
    assert counts() == before


def test_cluster_head_sees_but_cannot_write_a_members_target(province):
    target = demo_target(province, "H-YT", "YT-01")
    before = counts()
    with pytest.raises(PermissionDenied):
        services.progress_record(by=province.user("hiephoa"), target=target, period_end=DUE_ON, value="100",
                                 version=target.version)
    assert counts() == before


@pytest.mark.parametrize("username", ["chutich", "thanhvien"])
def test_leader_and_council_member_write_no_values(province, username):
    target = demo_target(province, "H-YT", "YT-01")
    before = counts()
    with pytest.raises(PermissionDenied):
        services.progress_record(by=province.user(username), target=target, period_end=DUE_ON, value="100",
                                 version=target.version)
    assert counts() == before


def test_office_records_for_any_unit(province):
    target = demo_target(province, "SYT", "PH-01")
    entry = services.progress_record(by=province.user("vanphong"), target=target, period_end=DUE_ON, value="100",
                                     version=target.version)
    target.refresh_from_db()
    assert (entry.entered_by, target.status, target.completion) == (province.user("vanphong"),
                                                                    TargetStatus.ACHIEVED, D("100.00"))


def test_values_are_refused_on_a_pending_target(province):
    target = demo_target(province, "H-YT", "CCHC-02")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.progress_record(by=province.user("yenthe"), target=target, period_end=HALFWAY, value="30",
                                 version=target.version)
    assert caught.value.messages == [str(_("Values are recorded only for approved targets."))]
    assert counts() == before


@pytest.mark.parametrize("status", ["evaluating", "closed"])
def test_a_campaign_no_longer_running_refuses_values(province, status):
    campaign_services.campaign_transition(by=None, campaign=province.campaign(), to="evaluating")
    if status == "closed":
        campaign_services.campaign_transition(by=None, campaign=province.campaign(), to="closed")
    target = demo_target(province, "H-YT", "YT-01")
    before = counts()
    with pytest.raises(ValidationError):
        services.progress_record(by=province.user("yenthe"), target=target, period_end=DUE_ON, value="100",
                                 version=target.version)
    assert counts() == before


@pytest.mark.parametrize(("period", "value", "note", "fields"), [
    (datetime.date(2021, 6, 30), "50", "", {"period_end"}),        # on the baseline date
    (datetime.date(2022, 1, 31), "50", "", {"period_end"}),        # after the due date
    ("2021-09-30", "50", "", {"period_end"}),                      # not a date
    (HALFWAY, "năm mươi", "", {"value"}),
    (HALFWAY, "NaN", "", {"value"}),
    (HALFWAY, True, "", {"value"}),
    (HALFWAY, "1e15", "", {"value"}),
    (HALFWAY, "50", "x" * 1001, {"note"}),
    (datetime.date(2021, 6, 1), "?", "x" * 1001, {"period_end", "value", "note"}),  # every error at once
])
def test_bad_values_are_refused_together_and_write_nothing(province, period, value, note, fields):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.progress_record(by=None, target=target, period_end=period, value=value, note=note,
                                 version=target.version)
    assert set(caught.value.message_dict) == fields
    assert counts() == before


def test_a_period_in_the_future_is_refused(province):
    target = target_for(fresh_indicator(province), province, "H-YT")
    with pytest.raises(ValidationError) as caught:
        services.progress_record(by=None, target=target, period_end=HALFWAY, value="50", version=1,
                                 today=datetime.date(2021, 9, 29))
    assert set(caught.value.message_dict) == {"period_end"}


def test_evidence_is_kept_with_its_name_and_digest(province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target = target_for(fresh_indicator(province), province, "H-YT")
    entry = services.progress_record(by=province.user("yenthe"), target=target, period_end=HALFWAY, value="60",
                                     version=1, evidence=SimpleUploadedFile("bien-ban.pdf", PDF))
    assert (entry.evidence_name, entry.evidence_sha256) == ("bien-ban.pdf", hashlib.sha256(PDF).hexdigest())
    assert entry.evidence.read() == PDF


def test_evidence_that_is_not_a_document_is_refused(province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target = target_for(fresh_indicator(province), province, "H-YT")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.progress_record(by=None, target=target, period_end=HALFWAY, value="60", version=1,
                                 evidence=SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf"))
    assert set(caught.value.message_dict) == {"evidence"}
    assert counts() == before


# ── the Excel import (details in test_import.py) ────────────────────────────────────────────────────────────


def test_progress_import_start_queues_a_job_and_is_audited(province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    yenthe = province.user("yenthe")
    content = workbook_bytes([sheet_row("H-YT", "YT-01", DUE_ON, "95")])
    job = services.progress_import_start(by=yenthe, campaign=province.campaign(), file=upload(content))
    event = last_event("indicators.progress.import_queued")
    assert (event.actor, event.target_id, event.data) == (
        yenthe, province.campaign_id, {"job": job.pk, "file_name": "so-lieu.xlsx", "size": len(content)})


def test_progress_import_writes_each_value_and_a_summary_event(province):
    vanphong = province.user("vanphong")
    rows = read_sheet(io.BytesIO(workbook_bytes([sheet_row("H-YT", "YT-01", DUE_ON, "95"),
                                                 sheet_row("SYT", "PH-01", DUE_ON, "100")])))
    summary = services.progress_import(by=vanphong, campaign=province.campaign(), rows=rows)
    assert summary == {"rows": 2, "targets": 2, "replaced": 0}
    event = last_event("indicators.progress.imported")
    assert (event.actor, event.target_id, event.data) == (vanphong, province.campaign_id,
                                                          {"rows": 2, "targets": 2, "replaced": 0, "job": None})
    recorded = AuditEvent.objects.filter(action="indicators.progress.recorded").order_by("-id")[:2]
    assert sorted((e.target_id, e.actor, e.data["row"]) for e in recorded) == sorted([
        (demo_target(province, "H-YT", "YT-01").pk, vanphong, 2), (demo_target(province, "SYT", "PH-01").pk,
                                                                    vanphong, 3)])


# ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("raw", "expected"), [("12.5", D("12.5")), (7, D("7")), (D("1.23456"), D("1.2346")),
                                               (" -3 ", D("-3"))])
def test_to_decimal_keeps_four_places(raw, expected):
    assert services.to_decimal(raw, field="value") == expected


def test_default_dates_come_from_the_campaign(province):
    campaign = province.campaign()
    assert (services.default_baseline_on(campaign), services.default_due_on(campaign)) == (
        datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def test_check_note_trims_and_limits():
    assert services.check_note("  ghi chú ") == "ghi chú"
    with pytest.raises(ValidationError):
        services.check_note("x" * 1001)


def test_target_set_without_dates_keeps_the_targets_own(province):
    indicator = fresh_indicator(province)
    target = target_for(indicator, province, "H-YT")
    changed = services.target_set(by=None, indicator=indicator, unit=target.unit, baseline="40", target_value="95")
    assert (changed.baseline_on, changed.due_on, changed.target_value) == (BASELINE_ON, DUE_ON, D("95"))
    assert last_event("indicators.target.updated").data["changes"] == {"target_value": ["90.0000", "95.0000"]}
