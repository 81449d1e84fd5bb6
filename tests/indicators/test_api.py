"""API v1 for indicators, targets and progress: shapes, status codes, the 409 conflict, scopes as an attacker, the
import job, and constant query counts."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from thidua.campaigns import services as campaign_services
from thidua.core.jobs import job_run
from thidua.core.models import Job
from thidua.indicators.enums import TargetApproval
from thidua.indicators.models import Target

from .builders import XLSX, counts, demo_target, sheet_row, upload, workbook_bytes
from .test_selectors import grow_targets

D = Decimal
TARGET_KEYS = {"id", "indicator_id", "unit_id", "baseline", "target_value", "baseline_on", "due_on", "current_value",
               "last_period_end", "completion", "completion_shown", "status", "approval", "version"}
ROW_KEYS = {"id", "name", "targets", "achieved", "on_track", "at_risk", "off_track", "no_data", "lagging",
            "average_completion"}
JOB_KEYS = {"id", "kind", "status", "progress", "message", "errors", "result_url"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_progress(client, target_id: int, **body):
    return client.post(f"/api/v1/targets/{target_id}/progress", data=json.dumps(body, default=str),
                       content_type="application/json")


def target_ids(client, query: str) -> set[int]:
    response = client.get(f"/api/v1/targets?{query}")
    assert response.status_code == 200, response.content
    return {t["id"] for t in response.json()}


# ── catalog and targets ─────────────────────────────────────────────────────────────────────────────────────


def test_indicators_of_a_campaign_in_content_order(province, api_client):
    response = api_client("yenthe").get(f"/api/v1/campaigns/{province.campaign_id}/indicators")
    assert response.status_code == 200
    body = response.json()
    assert [i["code"] for i in body] == ["YT-01", "SX-01", "SX-02", "PCI-01", "NS-01", "TNMT-01", "GD-01",
                                         "CCHC-01", "CCHC-02", "ANTT-01", "PH-01"]
    assert set(body[0]) == {"id", "code", "name", "unit_of_measure", "direction", "aggregation", "frequency",
                            "content_order", "content_area_id"}
    par = next(i for i in body if i["code"] == "CCHC-01")
    assert (par["direction"], par["unit_of_measure"], par["content_order"]) == ("lower_better", "hạng", 7)


def test_indicators_of_an_unknown_campaign_is_404(province, api_client):
    assert api_client("yenthe").get("/api/v1/campaigns/987654/indicators").status_code == 404


def test_targets_shape_and_values(province, api_client):
    target = demo_target(province, "H-YT", "YT-01")
    response = api_client("yenthe").get(f"/api/v1/targets?campaign={province.campaign_id}")
    assert response.status_code == 200
    row = next(t for t in response.json() if t["id"] == target.pk)
    assert set(row) == TARGET_KEYS
    assert row == {
        "id": target.pk, "indicator_id": target.indicator_id, "unit_id": province.unit_ids["H-YT"],
        "baseline": float(target.baseline), "target_value": float(target.target_value), "baseline_on": "2021-06-30",
        "due_on": "2021-12-31", "current_value": float(target.current_value), "last_period_end": "2021-11-30",
        "completion": float(target.completion), "completion_shown": float(min(D(100), max(D(0), target.completion))),
        "status": target.status, "approval": "approved", "version": target.version}


def test_clerk_never_gets_another_units_targets_whatever_the_filter(province, api_client):
    client = api_client("yenthe")
    own = set(Target.objects.filter(unit__code="H-YT", approval=TargetApproval.APPROVED).values_list("pk", flat=True))
    campaign = province.campaign_id
    assert target_ids(client, f"campaign={campaign}") == own
    assert target_ids(client, f"campaign={campaign}&unit={province.unit_ids['SYT']}") == set()
    assert target_ids(client, f"campaign={campaign}&cluster={province.cluster_ids['Khối văn hóa - xã hội']}") == set()
    assert target_ids(client, f"campaign={campaign}&cluster={province.cluster_ids['Cụm thi đua số 1']}") == own
    assert target_ids(client, f"campaign={campaign}&limit=1000&offset=0") == own


def test_cluster_head_gets_its_members_targets(province, api_client):
    members = ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"]
    expected = set(Target.objects.filter(unit__code__in=members, approval=TargetApproval.APPROVED)
                   .values_list("pk", flat=True))
    assert target_ids(api_client("hiephoa"), f"campaign={province.campaign_id}") == expected


@pytest.mark.parametrize("username", ["vanphong", "chutich", "thanhvien"])
def test_office_leader_and_member_get_every_approved_target(province, api_client, username):
    assert len(target_ids(api_client(username), f"campaign={province.campaign_id}")) == 329


def test_targets_filtered_by_status_unit_and_paged(province, api_client):
    client = api_client("vanphong")
    at_risk = target_ids(client, f"campaign={province.campaign_id}&status=at_risk")
    assert at_risk == set(Target.objects.filter(status="at_risk").values_list("pk", flat=True))
    page = client.get(f"/api/v1/targets?campaign={province.campaign_id}&limit=10&offset=5").json()
    everything = client.get(f"/api/v1/targets?campaign={province.campaign_id}").json()
    assert [t["id"] for t in page] == [t["id"] for t in everything[5:15]]
    assert client.get(f"/api/v1/targets?campaign={province.campaign_id}&status=lost").status_code == 422
    assert client.get("/api/v1/targets").status_code == 422  # the campaign is required


def test_target_detail_with_every_value_ever_recorded(province, api_client):
    target = demo_target(province, "H-HH", "YT-01")
    response = api_client("hiephoa").get(f"/api/v1/targets/{target.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == TARGET_KEYS | {"entries"}
    assert set(body["entries"][0]) == {"id", "period_end", "value", "note", "is_current", "source", "completion",
                                       "entered_by", "created_at", "replaces_id"}
    assert [(e["period_end"], e["is_current"]) for e in body["entries"]] == [
        ("2021-11-30", True), ("2021-10-31", True), ("2021-09-30", True), ("2021-09-30", False),
        ("2021-08-31", True), ("2021-07-31", True)]
    corrected, replaced = body["entries"][2], body["entries"][3]
    assert (corrected["replaces_id"], corrected["source"]) == (replaced["id"], "form")


@pytest.mark.parametrize(("username", "unit"), [("yenthe", "SYT"), ("yenthe", "H-HH"), ("hiephoa", "SYT"),
                                                ("soyte", "H-YT")])
def test_target_detail_of_an_unseen_unit_is_404(province, api_client, username, unit):
    target = demo_target(province, unit, "PH-01" if unit == "SYT" else "YT-01")
    response = api_client(username).get(f"/api/v1/targets/{target.pk}")
    assert response.status_code == 404
    missing = api_client(username).get("/api/v1/targets/987654321")
    assert response.json() == missing.json()


# ── recording values ────────────────────────────────────────────────────────────────────────────────────────


def test_clerk_records_a_value(province, api_client):
    target = demo_target(province, "H-YT", "YT-01")
    response = post_progress(api_client("yenthe"), target.pk, period_end="2021-12-31", value="99.1",
                             note="Số liệu cuối năm", version=target.version)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"entry_id", "completion", "completion_shown", "status", "version"}
    assert (body["completion"], body["completion_shown"], body["status"], body["version"]) == (
        100.0, 100.0, "achieved", target.version + 1)
    entry = target.entries.get(pk=body["entry_id"])
    assert (entry.value, entry.source, entry.note, entry.entered_by) == (D("99.1"), "api", "Số liệu cuối năm",
                                                                          province.user("yenthe"))


def test_second_clerk_with_the_same_version_gets_409_and_writes_nothing(province, api_client):
    target = demo_target(province, "H-YT", "YT-01")
    first = post_progress(api_client("yenthe"), target.pk, period_end="2021-12-31", value="95", version=target.version)
    assert first.status_code == 201
    office = api_client("vanphong")
    before = counts()
    second = post_progress(office, target.pk, period_end="2021-12-31", value="60",
                           version=target.version)
    assert second.status_code == 409
    body = second.json()
    assert body["errors"][0]["current_version"] == target.version + 1
    assert body["detail"] != ""
    assert counts() == before
    assert target.entries.get(period_end=datetime.date(2021, 12, 31), is_current=True).value == D("95")


def test_clerk_cannot_record_on_another_units_target(province, api_client):
    target = demo_target(province, "SYT", "PH-01")
    client = api_client("yenthe")
    before = counts()
    response = post_progress(client, target.pk, period_end="2021-12-31", value="100",
                             version=target.version)
    assert response.status_code in (403, 404)
    assert response.status_code == 404  # it does not even see the target
    assert counts() == before


@pytest.mark.parametrize("username", ["hiephoa", "chutich", "thanhvien"])
def test_who_sees_but_may_not_write_gets_403(province, api_client, username):
    target = demo_target(province, "H-YT", "YT-01")
    client = api_client(username)
    before = counts()
    response = post_progress(client, target.pk, period_end="2021-12-31", value="100",
                             version=target.version)
    assert response.status_code == 403
    assert response.json()["detail"] != ""
    assert counts() == before


def test_office_records_for_any_unit(province, api_client):
    target = demo_target(province, "SYT", "PH-01")
    response = post_progress(api_client("vanphong"), target.pk, period_end="2021-12-31", value="100",
                             version=target.version)
    assert (response.status_code, response.json()["status"]) == (201, "achieved")


def test_a_pending_target_refuses_values_with_400(province, api_client):
    target = demo_target(province, "H-YT", "CCHC-02")
    client = api_client("yenthe")
    before = counts()
    response = post_progress(client, target.pk, period_end="2021-09-30", value="30",
                             version=target.version)
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert counts() == before


def test_a_closed_campaign_refuses_values_with_400(province, api_client):
    campaign_services.campaign_transition(by=None, campaign=province.campaign(), to="evaluating")
    campaign_services.campaign_transition(by=None, campaign=province.campaign(), to="closed")
    target = demo_target(province, "H-YT", "YT-01")
    client = api_client("yenthe")
    before = counts()
    response = post_progress(client, target.pk, period_end="2021-12-31", value="99",
                             version=target.version)
    assert response.status_code == 400
    assert counts() == before


@pytest.mark.parametrize(("body", "status"), [
    ({"period_end": "2021-12-31", "value": "99"}, 422),                                 # no version
    ({"period_end": "31/12/2021", "value": "99", "version": 6}, 422),                   # not ISO
    ({"period_end": "2021-12-31", "value": "chín mươi", "version": 6}, 422),
    ({"period_end": "2022-01-31", "value": "99", "version": 6}, 400),                   # after the due date
    ({"period_end": "2021-12-31", "value": "99", "version": 6, "note": "x" * 1001}, 422),
])
def test_bad_input_is_a_4xx_and_writes_nothing(province, api_client, body, status):
    target = demo_target(province, "H-YT", "YT-01")
    assert target.version == 6
    client = api_client("yenthe")
    before = counts()
    response = post_progress(client, target.pk, **body)
    assert response.status_code == status, response.content
    assert response.json()["detail"] != ""
    assert counts() == before


# ── summary and lagging ─────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("group_by", ["content", "cluster", "unit"])
def test_progress_summary_shape(province, api_client, group_by):
    response = api_client("vanphong").get(
        f"/api/v1/campaigns/{province.campaign_id}/progress-summary?group_by={group_by}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"group_by", "as_of", "totals", "groups"}
    assert (body["group_by"], body["as_of"]) == (group_by, "2021-12-31")
    assert set(body["totals"]) == ROW_KEYS and all(set(g) == ROW_KEYS for g in body["groups"])
    assert body["totals"]["targets"] == 329 == sum(g["targets"] for g in body["groups"])
    assert body["totals"]["lagging"] == body["totals"]["at_risk"] + body["totals"]["off_track"]
    expected_groups = {"content": 9, "cluster": 8, "unit": len({t.unit_id for t in Target.objects.filter(
        approval=TargetApproval.APPROVED)})}[group_by]
    assert len(body["groups"]) == expected_groups


def test_progress_summary_is_scoped_to_the_user(province, api_client):
    body = api_client("yenthe").get(
        f"/api/v1/campaigns/{province.campaign_id}/progress-summary?group_by=unit").json()
    assert [g["id"] for g in body["groups"]] == [province.unit_ids["H-YT"]]
    assert body["totals"]["targets"] == 10


def test_progress_summary_refuses_an_unknown_grouping(province, api_client):
    response = api_client("vanphong").get(
        f"/api/v1/campaigns/{province.campaign_id}/progress-summary?group_by=indicator")
    assert response.status_code == 422


def test_lagging_lists_only_at_risk_and_off_track(province, api_client):
    body = api_client("hiephoa").get(f"/api/v1/campaigns/{province.campaign_id}/lagging").json()
    assert body and {t["status"] for t in body} <= {"at_risk", "off_track"}
    assert set(body[0]) == TARGET_KEYS
    assert [t["completion_shown"] for t in body] == sorted(t["completion_shown"] for t in body)
    members = {province.unit_ids[c] for c in ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"]}
    assert {t["unit_id"] for t in body} <= members
    expected = Target.objects.filter(unit_id__in=members, approval=TargetApproval.APPROVED,
                                     status__in=["at_risk", "off_track"]).count()
    assert len(body) == expected


def api_queries(client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", ["vanphong", "hiephoa"])
def test_summary_targets_and_lagging_use_a_constant_number_of_queries(province, api_client, username):
    client = api_client(username)
    campaign = province.campaign_id
    urls = [f"/api/v1/campaigns/{campaign}/progress-summary?group_by={g}" for g in ("content", "cluster", "unit")]
    urls += [f"/api/v1/targets?campaign={campaign}", f"/api/v1/campaigns/{campaign}/lagging",
             f"/api/v1/campaigns/{campaign}/indicators"]
    before = {url: api_queries(client, url) for url in urls}
    grow_targets(province)
    assert {url: api_queries(client, url) for url in urls} == before


# ── the template and the import ─────────────────────────────────────────────────────────────────────────────


def test_template_holds_the_callers_targets(province, api_client):
    response = api_client("yenthe").get(f"/api/v1/campaigns/{province.campaign_id}/progress-template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="so-lieu-nr-2021.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"H-YT"}
    assert sorted(r[2] for r in rows) == sorted(Target.objects.filter(
        unit__code="H-YT", approval=TargetApproval.APPROVED).values_list("indicator__code", flat=True))


def test_template_for_another_unit_is_empty_for_a_clerk(province, api_client):
    response = api_client("yenthe").get(
        f"/api/v1/campaigns/{province.campaign_id}/progress-template.xlsx?unit={province.unit_ids['SYT']}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 1  # the header only


def import_file(client, province, content: bytes, name: str = "so-lieu.xlsx"):
    return client.post(f"/api/v1/campaigns/{province.campaign_id}/progress-import",
                       data={"file": upload(content, name)})


def test_import_queues_a_job_that_succeeds(province, api_client):
    client = api_client("yenthe")
    response = import_file(client, province, workbook_bytes([sheet_row("H-YT", "YT-01", "31/12/2021", "97,5")]))
    assert response.status_code == 202, response.content
    assert set(response.json()) == {"job_id"}
    job_id = response.json()["job_id"]
    queued = client.get(f"/api/v1/jobs/{job_id}").json()
    assert (queued["status"], queued["progress"], queued["errors"]) == ("queued", 0, [])
    job_run(job_id)
    response = client.get(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == JOB_KEYS
    assert (body["id"], body["kind"], body["status"], body["progress"], body["errors"], body["result_url"]) == (
        job_id, "indicators.progress_import", "succeeded", 100, [], None)
    assert demo_target(province, "H-YT", "YT-01").current_value == D("97.5")


def test_a_failed_import_lists_its_errors_by_row_and_column(province, api_client):
    client = api_client("yenthe")
    content = workbook_bytes([sheet_row("H-YT", "YT-01", "31/12/2021", "97,5"),
                              sheet_row("SYT", "PH-01", "31/12/2021", "100"),
                              sheet_row("H-YT", "SX-01", "31/12/2021", "=L2")])
    job_id = import_file(client, province, content).json()["job_id"]
    before = counts()
    with translation.override("en"):
        job_run(job_id)
    assert counts() == before
    body = client.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "failed"
    assert body["errors"] == [{"row": 4, "column": "L",
                               "message": "The cell holds a formula; type the value itself."}]
    # Once the cells are right, the database's checks name the row of another unit.
    job_id = import_file(client, province, workbook_bytes(
        [sheet_row("H-YT", "YT-01", "31/12/2021", "97,5"), sheet_row("SYT", "PH-01", "31/12/2021", "100")]
    )).json()["job_id"]
    with translation.override("en"):
        job_run(job_id)
    body = client.get(f"/api/v1/jobs/{job_id}").json()
    assert (body["status"], body["errors"]) == ("failed", [
        {"row": 3, "column": "A", "message": f"You may not enter values for {province.unit('SYT').name}."}])
    assert demo_target(province, "H-YT", "YT-01").entries.filter(period_end=datetime.date(2021, 12, 31)).count() == 0


@pytest.mark.parametrize(("content", "name"), [(b"unit;value\nH-YT;95\n", "so-lieu.xlsx"),
                                               (b"%PDF-1.4\n%%EOF\n", "so-lieu.xlsx"),
                                               (b"", "so-lieu.xlsx")])
def test_a_file_that_is_not_xlsx_is_400_before_any_job(province, api_client, content, name):
    response = import_file(api_client("yenthe"), province, content, name)
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert not Job.objects.exists()


def test_import_without_a_file_is_422(province, api_client):
    response = api_client("yenthe").post(f"/api/v1/campaigns/{province.campaign_id}/progress-import")
    assert response.status_code == 422
    assert not Job.objects.exists()


@pytest.mark.parametrize("username", ["chutich", "thanhvien"])
def test_who_writes_no_values_cannot_import(province, api_client, username):
    response = import_file(api_client(username), province, workbook_bytes([sheet_row("H-YT", "YT-01", "31/12/2021",
                                                                                     "95")]))
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_another_users_job_is_404_but_the_office_sees_it(province, api_client):
    job_id = import_file(api_client("yenthe"), province, workbook_bytes(
        [sheet_row("H-YT", "YT-01", "31/12/2021", "95")])).json()["job_id"]
    for username in ("soyte", "hiephoa", "chutich"):
        assert api_client(username).get(f"/api/v1/jobs/{job_id}").status_code == 404
    assert api_client("vanphong").get(f"/api/v1/jobs/{job_id}").status_code == 200
    assert api_client(None).get(f"/api/v1/jobs/{job_id}").status_code == 401


def test_a_percentage_above_100_is_refused_by_the_api_with_a_clear_message(province, api_client):
    target = demo_target(province, "H-YT", "YT-01")
    entries = target.entries.count()
    response = post_progress(api_client("yenthe"), target.pk, period_end="2021-12-31", value="150",
                             version=target.version)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"] in {"Giá trị phải nằm trong khoảng từ 0 đến 100.",
                                         "The value must be between 0 and 100."}
    assert target.entries.count() == entries
