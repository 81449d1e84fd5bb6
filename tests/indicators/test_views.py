"""Pages to record values, keep the catalog and targets, decide pledges and import a workbook, tried by each role
(and as an attacker: a clerk writing to another unit's target, opening the office's grid, deciding a pledge)."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support import count_queries, signed_in
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.core.jobs import job_run
from thidua.core.models import AuditEvent, Job
from thidua.core.numbers import vi_number
from thidua.indicators.enums import EntrySource, TargetApproval, TargetOrigin
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.indicators.selectors import visible_unit_ids
from thidua.indicators.spreadsheet import COLUMNS
from thidua.org.models import ClusterMembership

from .builders import counted_in_units

D = Decimal
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def target_of(unit_code: str, indicator_code: str = "YT-01") -> Target:
    return Target.objects.select_related("indicator").get(unit__code=unit_code, indicator__code=indicator_code)


def events(action: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=target.pk).order_by("id"))


def record(client, target: Target, *, value="97,5", period_end="2021-12-15", note="", version=None, **extra):
    data = {"period_end": period_end, "value": value, "note": note,
            "version": target.version if version is None else version, **extra}
    return client.post(f"/targets/{target.pk}/", data)


# ── recording a value ───────────────────────────────────────────────────────────────────────────────────────


def test_target_page_shows_goal_status_history_and_the_form_to_its_clerk(province):
    target = target_of("H-HH")
    html = signed_in("hiephoa").get(f"/targets/{target.pk}/").content.decode()
    assert 'id="progress-form"' in html
    assert f'name="version" value="{target.version}"' in html
    # the demo's correction of September is kept, marked replaced, next to the current value
    september = ProgressEntry.objects.filter(target=target, period_end=datetime.date(2021, 9, 30))
    replaced, current = september.order_by("id")
    assert (replaced.is_current, current.is_current) == (False, True)
    assert f'id="entry-{replaced.pk}" class="replaced muted"' in html
    assert f'id="entry-{current.pk}" class="current"' in html
    assert "Bổ sung số liệu tiêm" in html
    assert 'id="history-title"' in html


@pytest.mark.parametrize(("typed", "stored"), [
    ("1.234,5", D("1234.5")), ("1234.5", D("1234.5")), ("97,25", D("97.25")), ("12.345.678", D("12345678")),
    ("83,3", D("83.3")),
])
def test_clerk_records_a_value_in_either_notation_and_it_is_audited(province, typed, stored):
    counted_in_units("YT-01")
    target = target_of("H-HH")
    version = target.version
    response = record(signed_in("hiephoa"), target, value=typed, note="Số liệu tháng 12")
    assert response.status_code == 302 and response["Location"] == f"/targets/{target.pk}/"
    entry = ProgressEntry.objects.get(target=target, period_end=datetime.date(2021, 12, 15))
    assert (entry.value, entry.note, entry.entered_by.username, entry.source, entry.is_current) == (
        stored, "Số liệu tháng 12", "hiephoa", EntrySource.FORM, True)
    target.refresh_from_db()
    assert (target.version, target.current_value, target.last_period_end) == (
        version + 1, stored, datetime.date(2021, 12, 15))
    (event,) = events("indicators.progress.recorded", target)[-1:]
    assert (event.actor.username, event.data["entry"], event.data["value"]) == ("hiephoa", entry.pk,
                                                                              [None, str(stored.quantize(D("0.0001")))])


def test_a_value_typed_with_a_decimal_comma_is_stored_and_shown_with_it(province):
    counted_in_units("YT-01")
    target = target_of("H-HH")
    client = signed_in("hiephoa")
    response = client.post(f"/targets/{target.pk}/", {"period_end": "2021-12-15", "value": "1.083,3", "note": "",
                                                      "version": target.version}, follow=True)
    entry = ProgressEntry.objects.get(target=target, period_end=datetime.date(2021, 12, 15))
    assert entry.value == D("1083.3")
    html = response.content.decode()
    message = re.search(r'<li class="message success">(.*?)</li>', html, re.S)
    assert message and "1.083,3" in message.group(1) and "15/12/2021" in message.group(1)
    row = html[html.index(f'id="entry-{entry.pk}"'):]
    assert "<strong>1.083,3</strong>" in row[:row.index("</tr>")]
    assert "1083.3" not in html and "1083,3" not in html


def test_a_correction_replaces_the_period_value_and_keeps_the_old_one(province):
    target = target_of("H-HH")
    old = ProgressEntry.objects.get(target=target, period_end=datetime.date(2021, 11, 30), is_current=True)
    client = signed_in("hiephoa")
    assert record(client, target, period_end="2021-11-30", value="88,8").status_code == 302
    assert ProgressEntry.objects.get(pk=old.pk).is_current is False
    new = ProgressEntry.objects.get(target=target, period_end=datetime.date(2021, 11, 30), is_current=True)
    assert (new.value, new.replaces_id) == (D("88.8"), old.pk)
    html = client.get(f"/targets/{target.pk}/").content.decode()
    assert f'id="entry-{old.pk}" class="replaced muted"' in html


def test_stale_version_is_a_409_conflict_that_writes_nothing_and_offers_the_new_version(province):
    target = target_of("H-HH")
    stale = target.version
    assert record(signed_in("vanphong"), target, value="99").status_code == 302  # someone else saves first
    target.refresh_from_db()
    count = ProgressEntry.objects.filter(target=target).count()
    response = record(signed_in("hiephoa"), target, value="95,5", period_end="2021-12-20", version=stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert f'name="version" value="{target.version}"' in html  # resubmitting is deliberate, with the new version
    assert 'value="95,5"' in html and 'value="2021-12-20"' in html  # the user's input is kept
    assert ProgressEntry.objects.filter(target=target).count() == count
    assert not ProgressEntry.objects.filter(target=target, period_end=datetime.date(2021, 12, 20)).exists()
    assert Target.objects.get(pk=target.pk).version == target.version


@pytest.mark.parametrize(("data", "field_error"), [
    ({"value": "abc"}, "abc"),
    ({"value": "=A1+1"}, "formula"),
    ({"period_end": "2099-01-31"}, "future"),
    ({"period_end": "2021-06-01"}, "baseline"),
    ({"value": ""}, "required"),
])
def test_bad_input_is_a_400_that_writes_nothing(province, data, field_error, settings):
    settings.LANGUAGE_CODE = "en"
    target = target_of("H-HH")
    count = ProgressEntry.objects.count()
    client = signed_in("hiephoa")
    client.cookies["django_language"] = "en"
    response = record(client, target, **data)
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert ProgressEntry.objects.count() == count
    assert Target.objects.get(pk=target.pk).version == target.version


def test_evidence_is_stored_and_downloaded_only_by_those_who_see_the_target(province):
    target = target_of("H-HH")
    client = signed_in("hiephoa")
    upload = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    assert record(client, target, evidence=upload).status_code == 302
    entry = ProgressEntry.objects.get(target=target, period_end=datetime.date(2021, 12, 15))
    assert entry.evidence_name == "bien-ban.pdf"
    url = f"/targets/{target.pk}/entries/{entry.pk}/evidence"
    assert url in client.get(f"/targets/{target.pk}/").content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "bien-ban.pdf" in download["Content-Disposition"]
    assert signed_in("yenthe").get(url).status_code == 404
    # an entry without evidence, or of another target, is not found
    other = ProgressEntry.objects.filter(target=target, evidence="").first()
    assert client.get(f"/targets/{target.pk}/entries/{other.pk}/evidence").status_code == 404


def test_evidence_that_is_not_a_document_is_refused(province):
    target = target_of("H-HH")
    upload = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = record(signed_in("hiephoa"), target, evidence=upload)
    assert response.status_code == 400
    assert not ProgressEntry.objects.filter(target=target, period_end=datetime.date(2021, 12, 15)).exists()


@pytest.mark.parametrize(("username", "status"), [("yenthe", 404), ("soyte", 404), ("thanhvien", 403),
                                                  ("chutich", 403)])
def test_nobody_but_the_unit_and_the_office_writes_its_target(province, username, status):
    target = target_of("H-HH")
    count, audited = ProgressEntry.objects.count(), AuditEvent.objects.count()
    response = record(signed_in(username), target)
    assert response.status_code == status
    assert (ProgressEntry.objects.count(), AuditEvent.objects.count()) == (count, audited)
    assert Target.objects.get(pk=target.pk).version == target.version


def test_clerk_cannot_write_to_another_units_target(province):
    """Yên Thế's clerk posting a value to Sở Y tế's target: not found, nothing written."""
    target = target_of("SYT", "SX-02")
    count = ProgressEntry.objects.count()
    assert record(signed_in("yenthe"), target, value="100").status_code == 404
    assert ProgressEntry.objects.count() == count


def test_cluster_head_sees_a_members_target_but_cannot_write_it(province):
    hiep_hoa = province.unit_ids["H-HH"]
    cluster = ClusterMembership.objects.filter(unit_id=hiep_hoa, year=2021).values("cluster_id")
    member = (ClusterMembership.objects.filter(cluster_id__in=cluster, year=2021).exclude(unit_id=hiep_hoa)
              .values_list("unit__code", flat=True).first())
    target = target_of(member)
    client = signed_in("hiephoa")
    page = client.get(f"/targets/{target.pk}/")
    assert page.status_code == 200 and 'id="progress-form"' not in page.content.decode()
    count = ProgressEntry.objects.count()
    assert record(client, target).status_code == 403
    assert ProgressEntry.objects.count() == count


def test_pending_target_has_no_form_and_refuses_values(province):
    target = target_of("H-YT", "CCHC-02")
    assert target.approval == TargetApproval.PENDING
    client = signed_in("yenthe")
    assert 'id="progress-form"' not in client.get(f"/targets/{target.pk}/").content.decode()
    assert record(client, target).status_code == 400
    assert not ProgressEntry.objects.filter(target=target).exists()


# ── the catalog ─────────────────────────────────────────────────────────────────────────────────────────────


def indicator_data(**overrides) -> dict:
    from thidua.campaigns.models import ContentArea

    area = ContentArea.objects.get(order=3)
    return {"content_area": area.pk, "code": "PCI-02", "name": "Chỉ số năng lực cạnh tranh cấp tỉnh",
            "unit_of_measure": "điểm", "direction": "higher_better", "aggregation": "last",
            "frequency": "yearly", "description": "", **overrides}


def test_catalog_groups_indicators_by_content_area(province):
    campaign = province.campaign()
    html = signed_in("soyte").get(f"/campaigns/{campaign.pk}/indicators/").content.decode()
    assert 'id="indicator-form"' not in html
    for area in campaign.contents.all():
        assert f'id="area-{area.order}"' in html
    ycheck = html.index('id="area-1"') < html.index("YT-01") < html.index('id="area-2"')
    assert ycheck
    assert html.index('id="area-7"') < html.index("CCHC-01") < html.index("CCHC-02") < html.index('id="area-8"')
    vaccination = Indicator.objects.get(code="YT-01")
    assert f'href="/indicators/{vaccination.pk}/targets/">{vaccination.targets.count()}</a>' in html


def test_office_adds_an_indicator(province):
    campaign = province.campaign()
    client = signed_in("vanphong")
    assert 'id="indicator-form"' in client.get(f"/campaigns/{campaign.pk}/indicators/").content.decode()
    response = client.post(f"/campaigns/{campaign.pk}/indicators/", indicator_data())
    assert response.status_code == 302
    indicator = Indicator.objects.get(campaign=campaign, code="PCI-02")
    assert (indicator.name, indicator.unit_of_measure, indicator.direction, indicator.frequency,
            indicator.content_area.order) == ("Chỉ số năng lực cạnh tranh cấp tỉnh", "điểm", "higher_better",
                                              "yearly", 3)
    assert events("indicators.indicator.created", indicator)[0].actor.username == "vanphong"


def test_duplicate_indicator_code_is_a_form_error(province):
    campaign = province.campaign()
    count = Indicator.objects.count()
    response = signed_in("vanphong").post(f"/campaigns/{campaign.pk}/indicators/", indicator_data(code="yt-01"))
    assert response.status_code == 400
    assert Indicator.objects.count() == count


@pytest.mark.parametrize("username", ["hiephoa", "chutich", "thanhvien"])
def test_only_the_office_adds_or_edits_indicators(province, username):
    campaign = province.campaign()
    count = Indicator.objects.count()
    client = signed_in(username)
    assert client.post(f"/campaigns/{campaign.pk}/indicators/", indicator_data()).status_code == 403
    indicator = Indicator.objects.get(code="YT-01")
    assert client.get(f"/indicators/{indicator.pk}/edit").status_code == 403
    assert client.post(f"/indicators/{indicator.pk}/edit", indicator_data(code="YT-01")).status_code == 403
    assert Indicator.objects.count() == count
    assert Indicator.objects.get(pk=indicator.pk).name != "Chỉ số năng lực cạnh tranh cấp tỉnh"


def test_office_edits_an_indicator(province):
    indicator = Indicator.objects.get(code="PH-01")
    client = signed_in("vanphong")
    form = client.get(f"/indicators/{indicator.pk}/edit").content.decode()
    assert 'value="PH-01"' in form
    data = indicator_data(code="PH-01", name="Tỷ lệ kiến nghị được trả lời đúng hạn", unit_of_measure="%",
                          content_area=indicator.content_area_id, frequency="quarterly")
    assert client.post(f"/indicators/{indicator.pk}/edit", data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.frequency) == ("Tỷ lệ kiến nghị được trả lời đúng hạn", "quarterly")
    assert events("indicators.indicator.updated", indicator)[-1].data["changes"]["frequency"] == [
        "monthly", "quarterly"]


# ── the office's bulk grid ──────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def whole_grid(monkeypatch):
    """The grid on one page (the demo's 54 participants fill two pages of 50; paging is tested in
    tests/indicators/test_targets_paged.py)."""
    monkeypatch.setattr("thidua.indicators.views.TARGETS_PAGE_SIZE", 10_000)


def grid_data(html_rows: list[dict]) -> dict:
    data = {"t-TOTAL_FORMS": str(len(html_rows)), "t-INITIAL_FORMS": str(len(html_rows)),
            "t-MIN_NUM_FORMS": "0", "t-MAX_NUM_FORMS": "20000"}
    for i, row in enumerate(html_rows):
        for key, value in row.items():
            data[f"t-{i}-{key}"] = value
    return data


def current_grid(indicator) -> list[dict]:
    """What the page pre-fills: every participant, with its target's values when it has one."""
    targets = {t.unit_id: t for t in indicator.targets.all()}
    rows = []
    for p in campaign_participants(campaign=indicator.campaign):
        t = targets.get(p.unit_id)
        rows.append({"unit": str(p.unit_id),
                     "baseline": format(t.baseline.normalize(), "f") if t else "",
                     "target_value": format(t.target_value.normalize(), "f") if t else "",
                     "due_on": t.due_on.isoformat() if t else ""})
    return rows


def test_grid_lists_every_participant_prefilled(province, whole_grid):
    indicator = Indicator.objects.get(code="SX-02")
    campaign = indicator.campaign
    response = signed_in("vanphong").get(f"/indicators/{indicator.pk}/targets/")
    html = response.content.decode()
    participants = campaign_participants(campaign=campaign)
    assert html.count('<tr id="row-') == len(participants)
    target = indicator.targets.first()
    row = html[html.index(f'id="row-{target.unit_id}"'):]
    assert f'value="{vi_number(target.target_value)}"' in row[:row.index("</tr>")]  # 95,9: Vietnamese notation


def test_grid_page_queries_do_not_grow_with_the_rows(province, whole_grid):
    indicator = Indicator.objects.get(code="SX-02")
    assert count_queries(signed_in("vanphong"), f"/indicators/{indicator.pk}/targets/") <= 15


def test_grid_saves_changed_rows_only_and_new_ones(province, whole_grid):
    indicator = Indicator.objects.get(code="YT-01")  # localities only: departments have no target yet
    rows = current_grid(indicator)
    soyte = province.unit_ids["SYT"]
    hiep_hoa = province.unit_ids["H-HH"]
    untouched = Target.objects.exclude(unit_id=hiep_hoa).filter(indicator=indicator).first()
    versions = dict(indicator.targets.values_list("unit_id", "version"))
    for row in rows:
        if row["unit"] == str(soyte):
            row.update(baseline="40", target_value="1.234,5", due_on="")
        if row["unit"] == str(hiep_hoa):
            row.update(target_value="99,9")
    response = signed_in("vanphong").post(f"/indicators/{indicator.pk}/targets/", grid_data(rows))
    assert response.status_code == 302
    new = Target.objects.get(indicator=indicator, unit_id=soyte)
    assert (new.baseline, new.target_value, new.due_on, new.approval, new.origin) == (
        D("40"), D("1234.5"), datetime.date(2021, 12, 31), TargetApproval.APPROVED, TargetOrigin.ASSIGNED)
    changed = Target.objects.get(indicator=indicator, unit_id=hiep_hoa)
    assert changed.target_value == D("99.9")
    assert changed.baseline_on == datetime.date(2021, 6, 30)  # kept, not reset to the campaign's start
    assert changed.version == versions[hiep_hoa] + 1
    assert Target.objects.get(pk=untouched.pk).version == versions[untouched.unit_id]
    assert events("indicators.target.updated", changed)[-1].data["changes"]["target_value"][1] == "99.9000"


def test_grid_with_one_bad_row_saves_nothing_and_marks_that_row(province, whole_grid):
    indicator = Indicator.objects.get(code="YT-01")
    rows = current_grid(indicator)
    soyte, hiep_hoa = province.unit_ids["SYT"], province.unit_ids["H-HH"]
    before = dict(indicator.targets.values_list("unit_id", "target_value"))
    for row in rows:
        if row["unit"] == str(soyte):
            row.update(baseline="40", target_value="90")
        if row["unit"] == str(hiep_hoa):
            row.update(baseline="80", target_value="50")  # higher is better: below the baseline
    response = signed_in("vanphong").post(f"/indicators/{indicator.pk}/targets/", grid_data(rows))
    assert response.status_code == 400
    html = response.content.decode()
    row = html[html.index(f'id="row-{hiep_hoa}"'):]
    assert 'class="has-error"' in row[:80] and 'class="error"' in row[:row.index("</tr>")]
    assert not Target.objects.filter(indicator=indicator, unit_id=soyte).exists()
    assert dict(indicator.targets.values_list("unit_id", "target_value")) == before


def test_grid_row_with_a_baseline_and_no_target_is_refused(province, whole_grid):
    indicator = Indicator.objects.get(code="YT-01")
    rows = current_grid(indicator)
    soyte = province.unit_ids["SYT"]
    for row in rows:
        if row["unit"] == str(soyte):
            row.update(baseline="abc", target_value="")
    response = signed_in("vanphong").post(f"/indicators/{indicator.pk}/targets/", grid_data(rows))
    assert response.status_code == 400
    assert not Target.objects.filter(indicator=indicator, unit_id=soyte).exists()


@pytest.mark.parametrize("username", ["hiephoa", "yenthe", "chutich"])
def test_others_see_a_read_only_table_and_cannot_post_the_grid(province, username):
    indicator = Indicator.objects.get(code="YT-01")
    client = signed_in(username)
    html = client.get(f"/indicators/{indicator.pk}/targets/").content.decode()
    assert 'id="target-grid"' not in html and 'id="targets"' in html
    rows = current_grid(indicator)
    rows[0].update(baseline="1", target_value="2")
    versions = dict(indicator.targets.values_list("pk", "version"))
    assert client.post(f"/indicators/{indicator.pk}/targets/", grid_data(rows)).status_code == 403
    assert dict(indicator.targets.values_list("pk", "version")) == versions


def test_clerk_table_lists_only_the_targets_it_may_see(province):
    indicator = Indicator.objects.get(code="SX-02")
    html = signed_in("soyte").get(f"/indicators/{indicator.pk}/targets/").content.decode()
    visible = visible_unit_ids(user=province.user("soyte"), campaign=province.campaign())
    expected = set(indicator.targets.filter(unit_id__in=visible).values_list("pk", flat=True))
    assert 0 < len(expected) < indicator.targets.count()
    assert {int(pk) for pk in re.findall(r'<tr id="target-(\d+)"', html)} == expected
    assert f'id="target-{target_of("SYT", "SX-02").pk}"' in html


# ── pledges ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_office_sees_the_pending_pledge_and_approves_it(province):
    campaign = province.campaign()
    pledge = target_of("H-YT", "CCHC-02")
    client = signed_in("vanphong")
    html = client.get(f"/campaigns/{campaign.pk}/pledges/").content.decode()
    assert f'id="pledge-{pledge.pk}"' in html and f'/targets/{pledge.pk}/decide/' in html
    response = client.post(f"/targets/{pledge.pk}/decide/", {"decision": "approve", "version": pledge.version})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.approval, pledge.decided_by.username) == (TargetApproval.APPROVED, "vanphong")
    assert events("indicators.target.approved", pledge)[0].actor.username == "vanphong"


def test_rejecting_a_pledge_needs_a_reason(province):
    pledge = target_of("H-YT", "CCHC-02")
    client = signed_in("vanphong")
    response = client.post(f"/targets/{pledge.pk}/decide/", {"decision": "reject", "version": pledge.version})
    assert response.status_code == 400
    assert Target.objects.get(pk=pledge.pk).approval == TargetApproval.PENDING
    response = client.post(f"/targets/{pledge.pk}/decide/", {"decision": "reject", "version": pledge.version,
                                                             "reason": "Chỉ tiêu thấp hơn mức bình quân"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.approval, pledge.decision_reason) == (TargetApproval.REJECTED, "Chỉ tiêu thấp hơn mức bình quân")
    html = signed_in("yenthe").get(f"/campaigns/{pledge.indicator.campaign_id}/pledges/").content.decode()
    assert "Chỉ tiêu thấp hơn mức bình quân" in html


def test_deciding_with_a_stale_version_is_409(province):
    pledge = target_of("H-YT", "CCHC-02")
    response = signed_in("vanphong").post(f"/targets/{pledge.pk}/decide/",
                                          {"decision": "approve", "version": pledge.version + 1})
    assert response.status_code == 409
    assert Target.objects.get(pk=pledge.pk).approval == TargetApproval.PENDING


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "chutich", "thanhvien"])
def test_only_the_office_decides_pledges(province, username):
    pledge = target_of("H-YT", "CCHC-02")
    response = signed_in(username).post(f"/targets/{pledge.pk}/decide/",
                                        {"decision": "approve", "version": pledge.version})
    # hiephoa may not even see Yên Thế's pledge (404); the others see it and are refused (403)
    assert response.status_code == 403 if username != "hiephoa" else response.status_code in (403, 404)
    assert Target.objects.get(pk=pledge.pk).approval == TargetApproval.PENDING


def test_clerk_sees_its_targets_and_pledges_a_new_one(province):
    campaign = province.campaign()
    client = signed_in("soyte")
    html = client.get(f"/campaigns/{campaign.pk}/pledges/").content.decode()
    assert f'id="target-{target_of("SYT", "SX-02").pk}"' in html
    vaccination = Indicator.objects.get(code="YT-01")  # localities only: Sở Y tế has no target for it
    assert f'<option value="{vaccination.pk}"' in html
    assert f'<option value="{Indicator.objects.get(code="SX-02").pk}"' not in html  # already approved
    response = client.post(f"/campaigns/{campaign.pk}/pledges/", {
        "unit": province.unit_ids["SYT"], "indicator": vaccination.pk, "baseline": "40,5", "target_value": "95",
        "due_on": "2021-12-31"})
    assert response.status_code == 302
    pledge = target_of("SYT", "YT-01")
    assert (pledge.baseline, pledge.target_value, pledge.approval, pledge.origin) == (
        D("40.5"), D("95"), TargetApproval.PENDING, TargetOrigin.PLEDGED)
    assert events("indicators.target.created", pledge)[0].actor.username == "soyte"


def test_pledging_an_approved_target_or_for_another_unit_is_refused(province):
    campaign = province.campaign()
    client = signed_in("soyte")
    approved = target_of("SYT", "SX-02")
    response = client.post(f"/campaigns/{campaign.pk}/pledges/", {
        "unit": province.unit_ids["SYT"], "indicator": approved.indicator_id, "baseline": "10",
        "target_value": "20"})
    assert response.status_code == 400
    assert Target.objects.get(pk=approved.pk).target_value == approved.target_value
    response = client.post(f"/campaigns/{campaign.pk}/pledges/", {
        "unit": province.unit_ids["H-YT"], "indicator": Indicator.objects.get(code="CCHC-02").pk,
        "baseline": "1", "target_value": "2"})
    assert response.status_code == 400  # not one of the unit choices
    assert target_of("H-YT", "CCHC-02").target_value == D("60")


def test_office_cannot_pledge(province):
    campaign = province.campaign()
    response = signed_in("vanphong").post(f"/campaigns/{campaign.pk}/pledges/", {
        "unit": province.unit_ids["SYT"], "indicator": Indicator.objects.get(code="YT-01").pk,
        "baseline": "1", "target_value": "2"})
    assert response.status_code == 403
    assert not Target.objects.filter(unit_id=province.unit_ids["SYT"], indicator__code="YT-01").exists()


# ── the Excel round trip ────────────────────────────────────────────────────────────────────────────────────


def workbook(rows: list[list]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([msgid for _key, msgid, _width, _filled in COLUMNS])
    keys = [c[0] for c in COLUMNS]
    for values in rows:
        given = dict(zip(("unit_code", "indicator_code", "period_end", "value", "note"), values, strict=False))
        sheet.append([given.get(key) for key in keys])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue(), content_type=XLSX_TYPE)


def import_url(province) -> str:
    return f"/campaigns/{province.campaign_id}/progress/import/"


def test_import_page_shows_instructions_and_the_choices(province):
    html = signed_in("hiephoa").get(import_url(province)).content.decode()
    assert 'id="instructions"' in html and "1.234,5" in html
    assert 'value="mine"' in html and 'value="cluster"' in html and 'value="all"' not in html
    office = signed_in("vanphong").get(import_url(province)).content.decode()
    assert 'value="all"' in office and 'value="mine"' not in office


@pytest.mark.parametrize("username", ["chutich", "thanhvien"])
def test_import_page_is_for_clerks_and_the_office(province, username):
    client = signed_in(username)
    assert client.get(import_url(province)).status_code == 403
    assert client.post(import_url(province), {"file": workbook([])}).status_code == 403
    assert Job.objects.count() == 0


def template_rows_of(response) -> list[tuple]:
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [row[:3] for row in list(book.worksheets[0].iter_rows(values_only=True))[1:]]


def test_template_for_my_unit_lists_my_approved_targets(province):
    rows = template_rows_of(signed_in("yenthe").get(
        f"/campaigns/{province.campaign_id}/progress/template.xlsx?scope=mine"))
    expected = Target.objects.filter(unit__code="H-YT", approval=TargetApproval.APPROVED).count()
    assert len(rows) == expected and {code for code, _name, _ind in rows} == {"H-YT"}


def test_template_for_all_units_is_for_the_office_only(province):
    url = f"/campaigns/{province.campaign_id}/progress/template.xlsx?scope=all"
    rows = template_rows_of(signed_in("vanphong").get(url))
    assert len(rows) == Target.objects.filter(approval=TargetApproval.APPROVED).count()
    assert signed_in("hiephoa").get(url).status_code == 400


def test_template_for_a_cluster(province):
    hiep_hoa = province.unit_ids["H-HH"]
    cluster_id = ClusterMembership.objects.get(unit_id=hiep_hoa, year=2021).cluster_id
    url = f"/campaigns/{province.campaign_id}/progress/template.xlsx?scope=cluster&cluster={cluster_id}"
    members = set(ClusterMembership.objects.filter(cluster_id=cluster_id).values_list("unit__code", flat=True))
    office_rows = template_rows_of(signed_in("vanphong").get(url))
    assert {code for code, _n, _i in office_rows} == members
    clerk_rows = template_rows_of(signed_in("hiephoa").get(url))  # only what the clerk may fill
    assert {code for code, _n, _i in clerk_rows} == {"H-HH"}
    assert signed_in("vanphong").get(url.replace("&cluster", "&x")).status_code == 400


def test_upload_that_is_not_a_workbook_is_a_400_form_error(province):
    fake = SimpleUploadedFile("so-lieu.xlsx", b"not a zip at all", content_type=XLSX_TYPE)
    response = signed_in("hiephoa").post(import_url(province), {"file": fake})
    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()
    assert Job.objects.count() == 0
    assert signed_in("hiephoa").post(import_url(province), {}).status_code == 400


def test_upload_starts_a_job_that_saves_the_values(province):
    counted_in_units("YT-01")
    client = signed_in("hiephoa")
    response = client.post(import_url(province), {"file": workbook([
        ["H-HH", "YT-01", "15/12/2021", "1.234,5", "Tháng 12"],
        ["H-HH", "SX-01", datetime.date(2021, 12, 15), 88.5],
    ])})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{import_url(province)}?job={job.pk}"
    assert (job.kind, job.status, job.created_by.username) == ("indicators.progress_import", "queued", "hiephoa")
    queued = client.get(response["Location"]).content.decode()
    assert f'hx-get="/jobs/{job.pk}/"' in queued and "<progress" in queued
    assert job_run(job.pk).status == "succeeded"
    assert target_of("H-HH").entries.get(period_end=datetime.date(2021, 12, 15), is_current=True).value == D("1234.5")
    assert target_of("H-HH", "SX-01").entries.get(period_end=datetime.date(2021, 12, 15)).value == D("88.5")
    html = client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.message and job.message in html and "hx-trigger" not in html
    assert f"/jobs/{job.pk}/download" not in html  # no file to download: the message says what was saved


def test_upload_with_a_bad_cell_fails_and_the_job_shows_the_error_table(province):
    client = signed_in("hiephoa")
    count = ProgressEntry.objects.count()
    client.post(import_url(province), {"file": workbook([
        ["H-HH", "YT-01", "15/12/2021", "97,5"],
        ["H-HH", "SX-01", "15/12/2021", "nhiều"],
        ["H-YT", "SX-01", "15/12/2021", "50"],
    ])})
    job = job_run(Job.objects.get().pk)
    assert job.status == "failed" and job.errors
    assert ProgressEntry.objects.count() == count
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'class="table compact job-errors"' in html and "hx-trigger" not in html
    for error in job.errors:
        assert f"<td>{error['row']}</td><td>{error['column']}</td>" in html
    assert {e["row"] for e in job.errors} >= {3}
    page = client.get(f"{import_url(province)}?job={job.pk}").content.decode()
    assert "job-errors" in page


def test_failed_job_with_errors_without_place_shows_dashes(province):
    job = Job.objects.create(kind="indicators.progress_import", status=Job.Status.FAILED,
                             created_by=province.user("hiephoa"), message="Nothing was saved: the file has errors.",
                             errors=[{"row": None, "column": None, "message": "The sheet is empty."},
                                     {"message": "Boom"}])
    html = signed_in("hiephoa").get(f"/jobs/{job.pk}/").content.decode()
    assert "Nothing was saved: the file has errors." in html
    assert "<td>—</td><td>—</td><td>The sheet is empty.</td>" in html and "<td>Boom</td>" in html


def test_someone_elses_import_job_is_not_shown(province):
    signed_in("hiephoa").post(import_url(province), {"file": workbook([["H-HH", "YT-01", "15/12/2021", "1"]])})
    job = Job.objects.get()
    assert signed_in("yenthe").get(f"{import_url(province)}?job={job.pk}").status_code == 404
    assert signed_in("vanphong").get(f"{import_url(province)}?job={job.pk}").status_code == 200
