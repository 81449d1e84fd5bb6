"""Scores that follow the data: until a unit submits its self-assessment, the criteria computed from indicators and
from the launch document take the points the current progress values and submissions give; afterwards a change in
the data shows as a difference on the next stage's draft, which its reviewer may accept."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.evaluation.builders import at, demo_scheme, last_event, send_launch, sheet_of
from tests.support import signed_in
from thidua.evaluation import scoring, services
from thidua.evaluation.enums import SheetStatus, Stage
from thidua.indicators import services as indicator_services
from thidua.indicators.models import Target

NOVEMBER = datetime.date(2021, 11, 30)


def raise_yt01(province, value: str) -> Target:
    """Yên Thế reports a new November value for YT-01 (criterion 1.1) after evaluation opened."""
    target = Target.objects.get(unit_id=province.unit_ids["H-YT"], indicator__code="YT-01")
    indicator_services.progress_record(by=province.user("yenthe"), target=target, period_end=NOVEMBER,
                                       value=Decimal(value), note="Bổ sung số liệu", version=target.version,
                                       today=datetime.date(2021, 12, 5))
    target.refresh_from_db()
    return target


def expected_points(target: Target) -> Decimal:
    shown = max(Decimal(0), min(Decimal(100), target.completion))
    return (Decimal(66) * shown / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def entry(sheet, code: str):
    return sheet.entries.get(criterion__code=code)


def test_a_value_entered_after_scoring_opened_changes_the_computed_points(province):
    sheet = sheet_of(province, "H-YT")
    before = entry(sheet, "1.1").points
    assert before == Decimal("54.44")
    target = raise_yt01(province, "99")
    now = expected_points(target)
    assert now != before
    # The page shows the change at once, with the values used.
    differences = scoring.recomputed_differences(sheet)
    assert [(d.criterion.code, d.recorded, d.now) for d in differences] == [("1.1", before, now)]
    assert "99" in differences[0].basis and "30/11/2021" in differences[0].basis
    html = signed_in("yenthe", language="en").get(f"/score-sheets/{sheet.pk}/").content.decode()
    assert 'id="data-changes"' in html and 'id="accept-recomputed-form"' not in html  # taken by itself
    # Saving (or submitting) takes it, with the total.
    saved = services.sheet_save(by=province.user("yenthe"), sheet=sheet, version=sheet.version, entries=[])
    assert entry(saved, "1.1").points == now
    assert saved.total == sum(e.points for e in saved.entries.exclude(criterion__kind="group"))
    assert last_event("evaluation.sheet.saved").data["recomputed"] == {"1.1": [str(before), str(now)]}
    assert scoring.recomputed_differences(saved) == []


def test_a_document_sent_after_scoring_opened_lifts_the_penalty_at_submission(province):
    sheet = sheet_of(province, "H-YT")
    assert entry(sheet, "11").points == Decimal("-20.00")  # not sent when evaluation opened
    send_launch(province, "H-YT", province.user("yenthe"), at(2021, 9, 28))
    submitted = services.sheet_transition(by=province.user("yenthe"), sheet=sheet, to=SheetStatus.SUBMITTED,
                                          version=sheet.version)
    assert entry(submitted, "11").points == Decimal("0.00")
    assert entry(sheet_of(province, "H-YT", Stage.CLUSTER), "11").points == Decimal("0.00")  # carried forward


def test_after_submission_a_change_is_a_difference_the_cluster_head_accepts(province):
    sheet = sheet_of(province, "H-YT")
    services.sheet_transition(by=province.user("yenthe"), sheet=sheet, to=SheetStatus.SUBMITTED,
                              version=sheet.version)
    recorded = entry(sheet_of(province, "H-YT"), "1.1").points
    target = raise_yt01(province, "99")
    now = expected_points(target)
    # The submitted self-assessment keeps its figures; the cluster's draft shows the difference.
    assert entry(sheet_of(province, "H-YT"), "1.1").points == recorded
    cluster_sheet = sheet_of(province, "H-YT", Stage.CLUSTER)
    html = signed_in("hiephoa", language="en").get(f"/score-sheets/{cluster_sheet.pk}/").content.decode()
    assert 'id="data-changes"' in html and 'id="accept-recomputed-form"' in html

    # The unit's clerk cannot take it for the cluster; a stale page is refused.
    with pytest.raises(PermissionDenied):
        services.sheet_accept_recomputed(by=province.user("yenthe"), sheet=cluster_sheet,
                                         version=cluster_sheet.version)
    refused = signed_in("yenthe").post(f"/score-sheets/{cluster_sheet.pk}/",
                                       {"action": "accept_recomputed", "version": cluster_sheet.version})
    assert refused.status_code in (403, 404)
    assert entry(sheet_of(province, "H-YT", Stage.CLUSTER), "1.1").points == recorded

    response = signed_in("hiephoa").post(f"/score-sheets/{cluster_sheet.pk}/",
                                         {"action": "accept_recomputed", "version": cluster_sheet.version})
    assert response.status_code == 302
    accepted = sheet_of(province, "H-YT", Stage.CLUSTER)
    assert entry(accepted, "1.1").points == now
    assert entry(accepted, "1.1").change_reason.startswith(("Recomputed", "Tính lại"))
    assert accepted.total == cluster_sheet.total - recorded + now
    assert accepted.version == cluster_sheet.version + 1
    assert last_event("evaluation.sheet.recomputed").data["changes"] == {"1.1": [str(recorded), str(now)]}
    # Nothing left to accept.
    with pytest.raises(ValidationError):
        services.sheet_accept_recomputed(by=province.user("hiephoa"), sheet=accepted, version=accepted.version)


def test_the_self_assessment_is_never_accepted_by_hand(province):
    sheet = sheet_of(province, "H-YT")
    raise_yt01(province, "99")
    with pytest.raises(ValidationError):
        services.sheet_accept_recomputed(by=province.user("yenthe"), sheet=sheet, version=sheet.version)


def test_the_basis_reads_in_three_queries_whatever_the_units(province, django_assert_num_queries):
    scheme = demo_scheme(province)
    few = [province.unit_ids["H-YT"]]
    many = list(province.unit_ids.values())
    with django_assert_num_queries(3):
        scoring.computed_basis(scheme, few)
    with django_assert_num_queries(3):
        basis = scoring.computed_basis(scheme, many)
    assert len(basis) > len(few)
