"""Schemes and computed points: a scheme's shape is checked when it is made; indicator criteria score
``max × clamped completion``; the late-document penalty reads the launch document's submission."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.evaluation.builders import (  # noqa: F401 (english: a fixture)
    CLUSTER_1,
    at,
    demo_scheme,
    english,
    last_event,
    send_launch,
    sheet_of,
)
from thidua.campaigns.models import Deadline
from thidua.evaluation import scoring, services
from thidua.evaluation.enums import CriterionKind, PenaltyRule, Stage
from thidua.evaluation.models import ScoreSheet, ScoringScheme
from thidua.indicators.models import Indicator, Target

pytestmark = pytest.mark.usefixtures("english")


def launch_deadline(province) -> Deadline:
    return Deadline.objects.get(campaign_id=province.campaign_id, code="VB-PHAT-DONG")


def cluster_scheme(province, **kwargs) -> ScoringScheme:
    """A scheme of Cụm 1's own: 100 by hand, 50 from YT-01's completion, −20 for a late launch document."""
    criteria = [
        {"code": "1", "title": "Tổ chức thực hiện", "kind": CriterionKind.MANUAL, "max_points": 100},
        {"code": "2", "title": "Chỉ tiêu y tế", "kind": CriterionKind.INDICATOR, "max_points": 50,
         "indicator": Indicator.objects.get(campaign_id=province.campaign_id, code="YT-01")},
        {"code": "3", "title": "Văn bản phát động", "kind": CriterionKind.PENALTY, "max_points": 20,
         "penalty_rule": PenaltyRule.LATE_SUBMISSION, "deadline": launch_deadline(province)},
    ]
    return services.scheme_create(by=province.user("vanphong"), campaign=province.campaign(),
                                  cluster=province.cluster(CLUSTER_1), title="Bảng điểm Cụm 1",
                                  criteria=kwargs.pop("criteria", criteria), **kwargs)


# ── the demo scheme ─────────────────────────────────────────────────────────────────────────────────────────


def test_demo_scheme_totals_one_thousand_points_penalty_aside(province):
    scheme = demo_scheme(province)
    assert scoring.scheme_total_max(scheme) == Decimal("1000.00")
    penalty = scheme.criteria.get(code="11")
    assert (penalty.kind, penalty.max_points, penalty.min_points) == ("penalty", Decimal("20.00"), Decimal("-20.00"))


def test_demo_opens_a_draft_self_sheet_for_each_of_the_54_participants(province):
    sheets = ScoreSheet.objects.filter(scheme=demo_scheme(province))
    assert sheets.count() == 54
    assert set(sheets.values_list("stage", "status", "version", "is_current")) == {("self", "draft", 1, True)}


# ── indicator criteria ──────────────────────────────────────────────────────────────────────────────────────


def computed(province, unit_code: str, code: str) -> tuple[Decimal, str]:
    """The points and explanation the system computes for a demo unit's criterion, now."""
    scheme = demo_scheme(province)
    unit_id = province.unit_ids[unit_code]
    return scoring.computed_points(scheme, [unit_id])[(unit_id, scheme.criteria.get(code=code).pk)]


def test_indicator_points_are_the_maximum_times_the_completion(province):
    """Yên Thế's YT-01 stands at 82.48 %: 66 × 0.8248 = 54.4368 → 54.44, as its self sheet was opened with."""
    assert computed(province, "H-YT", "1.1") == (Decimal("54.44"), "Completion 82,48\u00a0% × 66 points.")
    assert sheet_of(province, "H-YT").entries.get(criterion__code="1.1").points == Decimal("54.44")


def test_indicator_completion_above_one_hundred_is_clamped(province):
    """SX-02 stands at 101.69 %: the criterion gives its maximum, 31.5, not 32.03."""
    assert computed(province, "H-YT", "2.2") == (Decimal("31.50"), "Completion 100\u00a0% × 31,5 points.")
    assert sheet_of(province, "H-YT").entries.get(criterion__code="2.2").points == Decimal("31.50")


def test_indicator_explanation_writes_round_numbers_plainly(province):
    assert computed(province, "H-YT", "5.1") == (Decimal("32.37"), "Completion 53,95\u00a0% × 60 points.")


def test_indicator_completion_below_zero_gives_zero(province):
    Target.objects.filter(unit_id=province.unit_ids["H-YT"], indicator__code="YT-01").update(
        completion=Decimal("-12.50"))
    assert computed(province, "H-YT", "1.1") == (Decimal("0.00"), "Completion 0\u00a0% × 66 points.")


def test_indicator_without_an_approved_target_gives_zero(province):
    """CCHC-02 is only pledged by Yên Thế (pending): nothing to score yet."""
    assert computed(province, "H-YT", "7.2") == (Decimal("0.00"), "No target or no value yet.")


def test_self_sheet_total_adds_its_entries_and_indicator_points_only_indicators(province):
    sheet = sheet_of(province, "H-YT")
    entries = dict(sheet.entries.values_list("criterion__code", "points"))
    indicator_codes = {"1.1", "2.1", "2.2", "3.1", "4.1", "5.1", "6.1", "7.1", "7.2", "8.1", "9.1"}
    assert sheet.indicator_points == sum(entries[c] for c in indicator_codes) == Decimal("385.45")
    assert sheet.total == sum(entries.values()) == Decimal("365.45")  # 385.45 − 20 (no launch document)


# ── the late-document penalty ───────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_penalty_for_a_late_launch_document(province, media):
    send_launch(province, "H-YT", province.user("yenthe"), now=at(2021, 10, 1))
    scheme = cluster_scheme(province)
    services.evaluation_open(by=province.user("vanphong"), scheme=scheme)
    entry = sheet_of(province, "H-YT", scheme=scheme).entries.get(criterion__code="3")
    assert (entry.points, entry.explanation) == (Decimal("-20.00"), "The document was sent late.")


def test_penalty_for_a_launch_document_never_sent(province, media):
    scheme = cluster_scheme(province)
    services.evaluation_open(by=province.user("vanphong"), scheme=scheme)
    entry = sheet_of(province, "H-VY", scheme=scheme).entries.get(criterion__code="3")
    assert (entry.points, entry.explanation) == (Decimal("-20.00"), "The document has not been sent.")


def test_no_penalty_for_a_launch_document_on_the_due_date(province, media):
    """Sent at 23:00 on 30/9 in Hà Nội time: on time."""
    send_launch(province, "H-HH", province.user("hiephoa"), now=at(2021, 9, 30, hour=23))
    scheme = cluster_scheme(province)
    services.evaluation_open(by=province.user("vanphong"), scheme=scheme)
    sheet = sheet_of(province, "H-HH", scheme=scheme)
    entry = sheet.entries.get(criterion__code="3")
    assert (entry.points, entry.explanation) == (Decimal("0.00"), "The document was sent on time.")
    yt01 = Target.objects.get(unit_id=province.unit_ids["H-HH"], indicator__code="YT-01").completion
    expected_indicator = (Decimal(50) * min(yt01, Decimal(100)) / 100).quantize(Decimal("0.01"))
    assert (sheet.total, sheet.indicator_points) == (expected_indicator, expected_indicator)


def test_cluster_scheme_covers_only_its_cluster(province):
    scheme = cluster_scheme(province)
    made = services.evaluation_open(by=province.user("vanphong"), scheme=scheme)
    assert made == 5
    assert set(ScoreSheet.objects.filter(scheme=scheme).values_list("unit__code", flat=True)) == {
        "H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"}


def test_evaluation_opens_only_once(province):
    with pytest.raises(ValidationError, match="already open"):
        services.evaluation_open(by=province.user("vanphong"), scheme=demo_scheme(province))


def test_only_the_office_opens_evaluation(province):
    scheme = cluster_scheme(province)
    with pytest.raises(PermissionDenied):
        services.evaluation_open(by=province.user("hiephoa"), scheme=scheme)
    assert ScoreSheet.objects.filter(scheme=scheme).count() == 0


# ── the scheme's shape ──────────────────────────────────────────────────────────────────────────────────────


def test_scheme_group_whose_criteria_exceed_it_is_refused_naming_it(province):
    criteria = [{"code": "A", "kind": "group", "max_points": 100},
                {"code": "A.1", "kind": "manual", "max_points": 60, "parent": "A"},
                {"code": "A.2", "kind": "manual", "max_points": 50, "parent": "A"}]
    with pytest.raises(ValidationError) as caught:
        cluster_scheme(province, criteria=criteria)
    assert caught.value.message_dict == {"A": ["Its criteria add up to 110 points, more than its 100."]}
    assert not ScoringScheme.objects.filter(cluster__name=CLUSTER_1).exists()


def test_scheme_negative_maximum_is_refused(province):
    with pytest.raises(ValidationError) as caught:
        cluster_scheme(province, criteria=[{"code": "B", "kind": "penalty", "max_points": -5}])
    assert list(caught.value.message_dict) == ["B"]


def test_scheme_indicator_of_another_campaign_or_none_is_refused(province):
    with pytest.raises(ValidationError) as caught:
        cluster_scheme(province, criteria=[{"code": "C", "kind": "indicator", "max_points": 10}])
    assert caught.value.message_dict == {"C": ["Choose one of the campaign's indicators."]}


def test_scheme_late_penalty_without_a_deadline_is_refused(province):
    with pytest.raises(ValidationError) as caught:
        cluster_scheme(province, criteria=[{"code": "D", "kind": "penalty", "max_points": 10,
                                            "penalty_rule": PenaltyRule.LATE_SUBMISSION}])
    assert caught.value.message_dict == {"D": ["A late-document penalty needs one of the campaign's deadlines."]}


def test_second_campaign_wide_scheme_is_refused(province):
    with pytest.raises(ValidationError, match="already has a scoring scheme"):
        services.scheme_create(by=province.user("vanphong"), campaign=province.campaign(), title="Bảng điểm 2",
                               criteria=[{"code": "1", "kind": "manual", "max_points": 10}])


def test_only_the_office_creates_a_scheme(province):
    with pytest.raises(PermissionDenied):
        services.scheme_create(
            by=province.user("hiephoa"), campaign=province.campaign(), cluster=province.cluster(CLUSTER_1),
            title="Bảng điểm", criteria=[{"code": "1", "kind": "manual", "max_points": 10}])


def test_scheme_bands_are_kept_best_first(province):
    scheme = cluster_scheme(province, bands=[{"name": "Khá", "min": 65}, {"name": "Xuất sắc", "min": "90"},
                                             {"name": "Tốt", "min": 80}])
    assert [(band["name"], Decimal(band["min"])) for band in scheme.bands] == [
        ("Xuất sắc", Decimal(90)), ("Tốt", Decimal(80)), ("Khá", Decimal(65))]
    assert scoring.scheme_total_max(scheme) == Decimal("150.00")


# ── certificate quota ───────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("members", "share", "quota"), [(5, "0.2", 1), (10, "0.2", 2), (9, "0.2", 1),
                                                         (5, "0.4", 2), (3, "0.2", 1)])
def test_certificate_quota_is_a_share_of_the_members_rounded_down_at_least_one(settings, members, share, quota):
    settings.THIDUA_CERTIFICATE_SHARE = share
    assert scoring.certificate_quota(members) == quota


def test_cluster_stage_sheet_of_a_unit_outside_any_cluster_is_the_offices(province):
    """may_edit: at the cluster stage, a unit with no cluster is cross-checked by the office."""
    sheet = ScoreSheet(scheme=demo_scheme(province), unit_id=province.unit_ids["UBND-BG"], stage=Stage.CLUSTER)
    assert scoring.may_edit(province.user("vanphong"), sheet) is True
    assert scoring.may_edit(province.user("hiephoa"), sheet) is False


# ── audit ───────────────────────────────────────────────────────────────────────────────────────────────────


def test_scheme_create_and_evaluation_open_are_audited(province):
    vanphong = province.user("vanphong")
    scheme = cluster_scheme(province, bands=[{"name": "Tốt", "min": 120}])
    created = last_event("evaluation.scheme.created")
    assert (created.actor, created.target_id) == (vanphong, scheme.pk)
    numbers = {"total_max": Decimal(created.data.pop("total_max")),
               "bands": [(b["name"], Decimal(b["min"])) for b in created.data.pop("bands")]}
    assert numbers == {"total_max": Decimal(150), "bands": [("Tốt", Decimal(120))]}
    assert created.data == {"title": "Bảng điểm Cụm 1", "criteria": 3, "tie_rule": "indicator_then_launch",
                            "cluster": province.cluster_ids[CLUSTER_1]}
    services.evaluation_open(by=vanphong, scheme=scheme)
    opened = last_event("evaluation.scheme.opened")
    assert (opened.actor, opened.target_id, opened.data) == (vanphong, scheme.pk, {"sheets": 5})
