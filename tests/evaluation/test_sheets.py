"""Score sheets through their stages: ranges, computed criteria, reasons, versions, each transition and lock, the
published result that never changes, who may touch whose sheet, and the audit events of every write."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.evaluation.builders import (  # noqa: F401 (english: a fixture)
    clerk,
    demo_scheme,
    english,
    last_event,
    move,
    points_of,
    save,
    sheet_of,
)
from thidua.core.exceptions import StaleVersion
from thidua.evaluation import services
from thidua.evaluation.enums import SheetStatus, Stage
from thidua.evaluation.models import ScoreEntry, ScoreSheet

pytestmark = pytest.mark.usefixtures("english")


def snapshot(sheet: ScoreSheet) -> tuple:
    sheet.refresh_from_db()
    return sheet.version, sheet.total, sheet.status, points_of(sheet)


@pytest.fixture
def yt(province):
    """Yên Thế's self sheet with 30 points by hand for area 1 and 10 bonus points, saved by its clerk."""
    sheet = sheet_of(province, "H-YT")
    return save(sheet, province.user("yenthe"), {"1.2": "30", "10": "10"})


@pytest.fixture
def at_cluster(province, yt):
    """Yên Thế's self sheet submitted: the cluster's draft, a copy of its points."""
    move(yt, province.user("yenthe"), SheetStatus.SUBMITTED)
    return sheet_of(province, "H-YT", Stage.CLUSTER)


@pytest.fixture
def at_council(province, at_cluster):
    move(at_cluster, province.user("hiephoa"), SheetStatus.SUBMITTED)
    return sheet_of(province, "H-YT", Stage.COUNCIL)


@pytest.fixture
def published(province, at_council):
    return move(at_council, province.user("vanphong"), SheetStatus.PUBLISHED)


# ── ranges ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_save_adds_the_points_to_the_total_and_is_audited(province, yt):
    assert (yt.version, yt.total) == (2, Decimal("405.45"))  # 365.45 + 30 + 10
    assert points_of(yt)["1.2"] == Decimal("30.00")
    event = last_event("evaluation.sheet.saved")
    assert (event.actor, event.target_id) == (province.user("yenthe"), yt.pk)
    assert event.data == {"stage": "self", "changes": {"1.2": ["0.00", "30.00"], "10": ["0.00", "10.00"]},
                          "total": "405.45"}


@pytest.mark.parametrize(("code", "points", "message"), [
    ("1.2", "44.01", "At most 44 points."),
    ("1.2", "-1", "At least 0 points."),
    ("10", "50.5", "At most 50 points."),
    ("11", "5", "At most 0 points."),
    ("11", "-20.01", "At least -20 points."),
])
def test_points_outside_the_criterions_range_are_refused_naming_it_and_nothing_is_saved(province, yt, code,
                                                                                        points, message):
    before = snapshot(yt)
    with pytest.raises(ValidationError) as caught:
        save(yt, province.user("yenthe"), {"9.2": "40", code: points})
    assert caught.value.message_dict == {code: [message]}
    assert snapshot(yt) == before


def test_points_at_the_maximum_are_accepted(province, yt):
    saved = save(yt, province.user("yenthe"), {"1.2": "44", "10": "50"})
    assert saved.total == Decimal("459.45")


def test_points_that_are_not_a_number_are_refused(province, yt):
    with pytest.raises(ValidationError) as caught:
        save(yt, province.user("yenthe"), {"1.2": "ba mươi"})
    assert caught.value.message_dict == {"1.2": ["Enter a number."]}


def test_a_group_takes_no_points(province, yt):
    group = demo_scheme(province).criteria.get(code="1")
    with pytest.raises(ValidationError) as caught:
        services.sheet_save(by=province.user("yenthe"), sheet=yt, version=yt.version,
                            entries=[{"criterion_id": group.pk, "points": 5}])
    assert caught.value.message_dict == {f"criterion {group.pk}": ["Not a criterion of this scheme that takes points."]}


def test_unit_cannot_change_computed_criteria(province, yt):
    before = snapshot(yt)
    with pytest.raises(ValidationError) as caught:
        save(yt, province.user("yenthe"), {"11": "0", "1.1": "66"})
    assert caught.value.message_dict == {
        "11": ["These points are computed (-20); only the cluster or the council may change them, with a reason."],
        "1.1": ["These points are computed (54,44); only the cluster or the council may change them, with a "
                "reason."]}
    assert snapshot(yt) == before


def test_unit_may_resend_the_computed_points_unchanged(province, yt):
    assert save(yt, province.user("yenthe"), {"11": "-20", "1.1": "54.44"}).total == Decimal("405.45")


# ── versions ────────────────────────────────────────────────────────────────────────────────────────────────


def test_stale_version_is_refused_with_the_current_one(province, yt):
    with pytest.raises(StaleVersion) as caught:
        save(yt, province.user("yenthe"), {"1.2": "40"}, version=1)
    assert caught.value.current_version == 2
    assert points_of(yt)["1.2"] == Decimal("30.00")


def test_stale_version_on_a_transition_is_refused(province, yt):
    with pytest.raises(StaleVersion):
        services.sheet_transition(by=province.user("yenthe"), sheet=yt, to=SheetStatus.SUBMITTED, version=1)
    yt.refresh_from_db()
    assert yt.status == SheetStatus.DRAFT


# ── self → cluster → council ────────────────────────────────────────────────────────────────────────────────


def test_self_submit_locks_it_and_opens_the_cluster_draft_with_its_points(province, yt, at_cluster):
    yt.refresh_from_db()
    assert (yt.status, yt.version, yt.submitted_by) == (SheetStatus.SUBMITTED, 3, province.user("yenthe"))
    assert (at_cluster.status, at_cluster.version, at_cluster.total, at_cluster.indicator_points) == (
        SheetStatus.DRAFT, 1, Decimal("405.45"), Decimal("385.45"))
    assert points_of(at_cluster) == points_of(yt)
    assert at_cluster.entries.get(criterion__code="1.2").explanation == "Minh chứng 1.2"
    event = last_event("evaluation.sheet.submitted")
    assert (event.actor, event.target_id, event.data["status"]) == (province.user("yenthe"), yt.pk,
                                                                     ["draft", "submitted"])


def test_submitted_sheet_cannot_be_saved(province, yt, at_cluster):
    before = snapshot(yt)
    with pytest.raises(ValidationError, match="locked"):
        save(yt, province.user("yenthe"), {"1.2": "40"})
    assert snapshot(yt) == before


def test_submitted_sheet_cannot_be_submitted_again(province, yt, at_cluster):
    with pytest.raises(ValidationError, match="Only a draft or a returned sheet"):
        move(yt, province.user("yenthe"), SheetStatus.SUBMITTED)
    assert ScoreSheet.objects.filter(unit_id=province.unit_ids["H-YT"], stage=Stage.CLUSTER).count() == 1


def test_reviewer_changing_a_point_needs_a_reason(province, at_cluster):
    before = snapshot(at_cluster)
    with pytest.raises(ValidationError) as caught:
        services.sheet_save(by=province.user("hiephoa"), sheet=at_cluster, version=at_cluster.version, entries=[
            {"criterion_id": demo_scheme(province).criteria.get(code="1.2").pk, "points": "25"}])
    assert caught.value.message_dict == {"1.2": ["Give the reason for changing the points from 30."]}
    assert snapshot(at_cluster) == before


def test_reviewer_changes_a_point_with_a_reason(province, at_cluster):
    saved = save(at_cluster, province.user("hiephoa"), {"1.2": "25"}, reasons={"1.2": "Thiếu minh chứng"})
    assert saved.total == Decimal("400.45")
    entry = saved.entries.get(criterion__code="1.2")
    assert (entry.points, entry.change_reason) == (Decimal("25.00"), "Thiếu minh chứng")
    assert points_of(sheet_of(province, "H-YT"))["1.2"] == Decimal("30.00")  # the self sheet is untouched


def test_reviewer_may_lift_a_computed_penalty_with_a_reason(province, at_cluster):
    saved = save(at_cluster, province.user("hiephoa"), {"11": "0"}, reasons={"11": "Gửi qua đường bưu điện"})
    assert saved.total == Decimal("425.45")


def test_reviewer_keeping_a_point_needs_no_reason(province, at_cluster):
    assert save(at_cluster, province.user("hiephoa"), {"1.2": "30"}).version == 2


def test_cluster_submit_opens_the_council_draft(province, at_cluster, at_council):
    at_cluster.refresh_from_db()
    assert (at_cluster.status, at_cluster.submitted_by) == (SheetStatus.SUBMITTED, province.user("hiephoa"))
    assert (at_council.status, at_council.total) == (SheetStatus.DRAFT, Decimal("405.45"))
    assert points_of(at_council) == points_of(at_cluster)


def test_council_sheet_is_published_not_submitted(province, at_council):
    with pytest.raises(ValidationError, match="published, not submitted"):
        move(at_council, province.user("vanphong"), SheetStatus.SUBMITTED)


def test_only_the_office_publishes(province, at_council):
    with pytest.raises(PermissionDenied):
        move(at_council, province.user("chutich"), SheetStatus.PUBLISHED)
    at_council.refresh_from_db()
    assert at_council.status == SheetStatus.DRAFT


def test_only_the_councils_sheet_is_published(province, at_cluster):
    with pytest.raises(ValidationError, match="Only the council's sheet is published"):
        move(at_cluster, province.user("vanphong"), SheetStatus.PUBLISHED)


def test_council_publishes_revision_one(province, published):
    assert (published.status, published.revision, published.is_current) == (SheetStatus.PUBLISHED, 1, True)
    event = last_event("evaluation.sheet.published")
    assert (event.actor, event.target_id, event.data["total"]) == (province.user("vanphong"), published.pk,
                                                                   "405.45")


def test_unknown_transition_is_refused(province, yt):
    with pytest.raises(ValidationError) as caught:
        move(yt, province.user("yenthe"), "approved")
    assert list(caught.value.message_dict) == ["to"]


# ── returns ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_cluster_returns_the_self_sheet_with_a_reason(province, yt, at_cluster):
    move(yt, province.user("hiephoa"), SheetStatus.RETURNED, reason="Bổ sung minh chứng mục 1.2")
    yt.refresh_from_db()
    at_cluster.refresh_from_db()
    assert (yt.status, yt.return_reason) == (SheetStatus.RETURNED, "Bổ sung minh chứng mục 1.2")
    assert (at_cluster.is_current, at_cluster.status) == (False, SheetStatus.DRAFT)  # set aside, kept
    assert not ScoreSheet.objects.filter(unit_id=yt.unit_id, stage=Stage.CLUSTER, is_current=True).exists()
    event = last_event("evaluation.sheet.returned")
    assert (event.actor, event.target_id, event.data["reason"]) == (province.user("hiephoa"), yt.pk,
                                                                    "Bổ sung minh chứng mục 1.2")


def test_returned_sheet_is_edited_and_resubmitted_into_a_fresh_cluster_draft(province, yt, at_cluster):
    move(yt, province.user("hiephoa"), SheetStatus.RETURNED, reason="Bổ sung minh chứng")
    save(yt, province.user("yenthe"), {"1.2": "35"})
    move(yt, province.user("yenthe"), SheetStatus.SUBMITTED)
    fresh = sheet_of(province, "H-YT", Stage.CLUSTER)
    assert fresh.pk != at_cluster.pk
    assert (fresh.total, points_of(fresh)["1.2"]) == (Decimal("410.45"), Decimal("35.00"))
    yt.refresh_from_db()
    assert yt.return_reason == ""


def test_return_without_a_reason_is_refused(province, yt, at_cluster):
    with pytest.raises(ValidationError) as caught:
        move(yt, province.user("hiephoa"), SheetStatus.RETURNED, reason="  ")
    assert list(caught.value.message_dict) == ["reason"]
    yt.refresh_from_db()
    at_cluster.refresh_from_db()
    assert (yt.status, at_cluster.is_current) == (SheetStatus.SUBMITTED, True)


def test_only_the_next_stages_reviewer_returns(province, yt, at_cluster):
    for username in ("yenthe", "vanphong", "soyte"):
        with pytest.raises(PermissionDenied):
            move(yt, province.user(username), SheetStatus.RETURNED, reason="Không đạt")
    yt.refresh_from_db()
    assert yt.status == SheetStatus.SUBMITTED


def test_a_draft_cannot_be_returned(province, yt):
    with pytest.raises(ValidationError, match="Only a submitted sheet can be returned"):
        move(yt, province.user("hiephoa"), SheetStatus.RETURNED, reason="Sớm quá")


def test_cannot_return_once_the_next_stage_moved_on(province, yt, at_council):
    with pytest.raises(ValidationError, match="already moved on"):
        move(yt, province.user("hiephoa"), SheetStatus.RETURNED, reason="Xem lại")
    yt.refresh_from_db()
    assert yt.status == SheetStatus.SUBMITTED


def test_office_returns_the_cluster_sheet_to_the_cluster(province, at_cluster, at_council):
    move(at_cluster, province.user("vanphong"), SheetStatus.RETURNED, reason="Chấm lại mục 10")
    at_council.refresh_from_db()
    assert at_council.is_current is False
    saved = save(at_cluster, province.user("hiephoa"), {"10": "5"}, reasons={"10": "Chỉ một sáng kiến"})
    assert (saved.status, saved.total) == (SheetStatus.RETURNED, Decimal("400.45"))


# ── published never changes ─────────────────────────────────────────────────────────────────────────────────


def test_published_sheet_cannot_be_saved_or_published_again(province, published):
    before = snapshot(published)
    with pytest.raises(ValidationError, match="locked"):
        save(published, province.user("vanphong"), {"1.2": "20"}, reasons={"1.2": "Sửa"})
    with pytest.raises(ValidationError, match="already published"):
        move(published, province.user("vanphong"), SheetStatus.PUBLISHED)
    with pytest.raises(ValidationError, match="Only a submitted sheet can be returned"):
        move(published, province.user("vanphong"), SheetStatus.RETURNED, reason="Sửa")
    assert snapshot(published) == before


def test_correction_makes_revision_two_and_revision_one_stays(province, published):
    before = snapshot(published)
    code_pk = demo_scheme(province).criteria.get(code="10").pk
    corrected = services.sheet_correct(by=province.user("vanphong"), sheet=published, reason="Thêm sáng kiến",
                                       entries=[{"criterion_id": code_pk, "points": "20"}])
    assert (corrected.revision, corrected.is_current, corrected.status, corrected.total) == (
        2, True, SheetStatus.PUBLISHED, Decimal("415.45"))
    assert corrected.entries.get(criterion_id=code_pk).change_reason == "Thêm sáng kiến"
    published.refresh_from_db()
    assert (published.revision, published.is_current) == (1, False)
    assert snapshot(published)[1:] == before[1:]  # total, status and points of revision 1 unchanged
    assert list(ScoreSheet.objects.filter(unit_id=published.unit_id, stage=Stage.COUNCIL).order_by("revision")
                .values_list("revision", "is_current", "total")) == [
        (1, False, Decimal("405.45")), (2, True, Decimal("415.45"))]
    event = last_event("evaluation.sheet.corrected")
    assert (event.actor, event.target_id, event.data["revision"], event.data["replaces"]) == (
        province.user("vanphong"), corrected.pk, 2, published.pk)


def test_correction_needs_a_reason_the_office_and_the_current_result(province, published):
    entries = [{"criterion_id": demo_scheme(province).criteria.get(code="10").pk, "points": "20"}]
    with pytest.raises(ValidationError, match="reason"):
        services.sheet_correct(by=province.user("vanphong"), sheet=published, reason="", entries=entries)
    with pytest.raises(PermissionDenied):
        services.sheet_correct(by=province.user("hiephoa"), sheet=published, reason="Sửa", entries=entries)
    services.sheet_correct(by=province.user("vanphong"), sheet=published, reason="Sửa", entries=entries)
    with pytest.raises(ValidationError, match="Only the current published result"):
        services.sheet_correct(by=province.user("vanphong"), sheet=published, reason="Sửa lần nữa", entries=entries)


def test_correction_outside_the_range_is_refused(province, published):
    entries = [{"criterion_id": demo_scheme(province).criteria.get(code="11").pk, "points": "-25"}]
    with pytest.raises(ValidationError) as caught:
        services.sheet_correct(by=province.user("vanphong"), sheet=published, reason="Sửa", entries=entries)
    assert caught.value.message_dict == {"11": ["Between -20 and 0 points."]}
    assert ScoreSheet.objects.filter(unit_id=published.unit_id, stage=Stage.COUNCIL).count() == 1


def test_a_replaced_sheet_cannot_move(province, yt, at_cluster):
    move(yt, province.user("hiephoa"), SheetStatus.RETURNED, reason="Bổ sung")
    with pytest.raises(ValidationError, match="replaced"):
        move(at_cluster, province.user("hiephoa"), SheetStatus.SUBMITTED)


# ── who touches whose sheet ─────────────────────────────────────────────────────────────────────────────────


def test_unit_cannot_save_another_units_self_sheet(province):
    soyte_sheet = sheet_of(province, "SYT")
    with pytest.raises(PermissionDenied):
        save(soyte_sheet, province.user("yenthe"), {"1.2": "10"})


def test_cluster_head_cannot_write_a_members_self_sheet(province):
    with pytest.raises(PermissionDenied):
        save(sheet_of(province, "H-YT"), province.user("hiephoa"), {"1.2": "10"})
    with pytest.raises(PermissionDenied):
        move(sheet_of(province, "H-YT"), province.user("hiephoa"), SheetStatus.SUBMITTED)


def test_unit_cannot_write_its_own_cluster_stage_sheet(province, at_cluster):
    with pytest.raises(PermissionDenied):
        save(at_cluster, province.user("yenthe"), {"1.2": "44"}, reasons={"1.2": "Tự nâng điểm"})
    with pytest.raises(PermissionDenied):
        move(at_cluster, province.user("yenthe"), SheetStatus.SUBMITTED)


def test_other_clusters_head_cannot_cross_check(province, at_cluster):
    with pytest.raises(PermissionDenied):
        save(at_cluster, province.user("soyte"), {"1.2": "20"}, reasons={"1.2": "Không"})


def test_deputy_cross_checks_a_member(province, at_cluster):
    deputy = clerk(province, "H-TY")
    assert save(at_cluster, deputy, {"1.2": "20"}, reasons={"1.2": "Thiếu"}).total == Decimal("395.45")


def test_heads_own_sheet_at_the_cluster_stage_is_the_deputys_alone(province):
    head_sheet = sheet_of(province, "H-HH")
    move(head_sheet, province.user("hiephoa"), SheetStatus.SUBMITTED)
    at_cluster = sheet_of(province, "H-HH", Stage.CLUSTER)
    with pytest.raises(PermissionDenied):
        save(at_cluster, province.user("hiephoa"), {"1.2": "44"}, reasons={"1.2": "Tự chấm"})
    with pytest.raises(PermissionDenied):
        move(at_cluster, province.user("hiephoa"), SheetStatus.SUBMITTED)
    deputy = clerk(province, "H-TY")
    save(at_cluster, deputy, {"1.2": "10"}, reasons={"1.2": "Đối chiếu"})
    assert move(at_cluster, deputy, SheetStatus.SUBMITTED).status == SheetStatus.SUBMITTED


def test_council_stage_is_the_offices_alone(province, at_council):
    for username in ("hiephoa", "yenthe", "chutich", "thanhvien"):
        with pytest.raises(PermissionDenied):
            save(at_council, province.user(username), {"10": "0"}, reasons={"10": "Không"})
    assert save(at_council, province.user("vanphong"), {"10": "0"}, reasons={"10": "Chưa công nhận"}).total == (
        Decimal("395.45"))


def test_nothing_is_written_for_a_refused_save(province):
    sheet = sheet_of(province, "SYT")
    entries = ScoreEntry.objects.count()
    with pytest.raises(PermissionDenied):
        save(sheet, province.user("hiephoa"), {"1.2": "10"})
    assert (ScoreEntry.objects.count(), snapshot(sheet)[0]) == (entries, 1)
