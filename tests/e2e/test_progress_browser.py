"""End-to-end: targets and progress in a real browser — the Excel round trip with its progress bar and error list,
the stale-form conflict on a target page, and the leadership's dashboard and one-page brief.

The import runs as a background job. No worker runs during the tests (the tasks backend is the project's database
queue, which nobody drains here), so, as the worker would, the test calls ``job_run`` once the page shows the job
waiting, and the page's htmx poll (every second) then brings the result in.

Elements are found by URL, id, CSS class and *data* (unit and indicator codes, values); where an interface text is
checked, it comes from the Vietnamese catalog at run time (``_vi``), so the test follows the translation.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import expect, sign_in, vi

pytestmark = pytest.mark.browser

CAMPAIGN_TITLE = re.compile("nước rút")
YEN_THE = "H-YT"
GOOD_INDICATOR = "YT-01"  # "last value" aggregation: the imported value becomes the current one
PERIOD = datetime.date(2021, 12, 31)  # the demo targets' due date: after the baseline, not in the future
HEADER_ROW = 1
PERIOD_COLUMN, VALUE_COLUMN, NOTE_COLUMN = "K", "L", "M"  # as in the template (and the error list)


def _open_campaign(page) -> None:
    page.goto("/campaigns/")
    page.locator("table a", has_text=CAMPAIGN_TITLE).click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/$"))


def _upload(page, campaign_id: int, file) -> int:
    """Send ``file`` through the import form; the id of the job the page then shows."""
    page.set_input_files("#import-form input[type=file]", file)
    with page.expect_response(lambda r: r.request.method == "POST" and "/progress/import/" in r.url) as info:
        page.locator("#import-form [type=submit]").click()
    assert info.value.status == 302
    page.wait_for_url(re.compile(rf"/campaigns/{campaign_id}/progress/import/\?job=\d+$"))
    return int(parse_qs(urlsplit(page.url).query)["job"][0])


def _run_job_as_the_worker(page, job_id: int) -> None:
    """The page shows the job waiting with its bar and polls it; then the job runs, as the worker would run it."""
    from thidua.core.jobs import job_run
    from thidua.core.models import Job

    job_div = page.locator(f"#import-job #job-{job_id}")
    expect(job_div).to_have_class(re.compile(r"\bjob-queued\b"))
    bar = job_div.locator("progress")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("max", "100")
    expect(bar).to_have_attribute("value", "0")
    expect(job_div.locator("label")).to_contain_text(vi("Waiting for the worker…"))
    # The page asks for the job's state by itself (htmx, every second) …
    with page.expect_response(lambda r: urlsplit(r.url).path == f"/jobs/{job_id}/", timeout=5_000):
        pass
    assert Job.objects.get(pk=job_id).status == Job.Status.QUEUED
    # … and shows whatever the worker did, without a reload.
    job = job_run(job_id)
    assert job.done, job.status


def _fill(sheet, row: int, *, period, value, note: str = "") -> None:
    sheet[f"{PERIOD_COLUMN}{row}"] = period
    sheet[f"{VALUE_COLUMN}{row}"] = value
    sheet[f"{NOTE_COLUMN}{row}"] = note or None


def test_clerk_imports_a_workbook_sees_the_bad_cells_then_saves_the_fixed_one(
    page, login, base_url, e2e_demo, media_root, tmp_path, broken_assets, screenshot_dir,
):
    import openpyxl

    from thidua.core.models import Job
    from thidua.indicators.models import ProgressEntry, Target

    campaign = e2e_demo
    entries_before = ProgressEntry.objects.count()

    # Campaign page → import page.
    login("yenthe")
    _open_campaign(page)
    assert urlsplit(page.url).path == f"/campaigns/{campaign.pk}/"
    page.locator(f"a[href='/campaigns/{campaign.pk}/progress/import/']").click()
    page.wait_for_url(f"{base_url}/campaigns/{campaign.pk}/progress/import/")
    expect(page.locator("#import-job .job")).to_have_count(0)

    # The pre-filled template, downloaded through the page ("my unit" is the clerk's default).
    expect(page.locator("#template-form input[name=scope][value=mine]")).to_be_checked()
    with page.expect_download() as download:
        page.locator("#template-form [type=submit]").click()
    assert download.value.suggested_filename == f"so-lieu-{campaign.code.lower()}.xlsx"
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    units = {sheet[f"A{row}"].value for row in range(HEADER_ROW + 1, sheet.max_row + 1)}
    assert units == {YEN_THE}, units  # only the clerk's own unit
    codes = {sheet[f"C{row}"].value: row for row in range(HEADER_ROW + 1, sheet.max_row + 1)}
    good_row = codes.pop(GOOD_INDICATOR)
    text_row, formula_row = sorted(codes.values())[:2]

    # One good row (Vietnamese notation), text in a number cell, a formula.
    _fill(sheet, good_row, period=PERIOD, value="97,5", note="Số liệu đến hết năm 2021")
    _fill(sheet, text_row, period=PERIOD, value="abc")
    _fill(sheet, formula_row, period=PERIOD, value="=1+1")
    bad_file = tmp_path / "so-lieu-yen-the-loi.xlsx"
    workbook.save(bad_file)

    job_id = _upload(page, campaign.pk, bad_file)
    page.screenshot(path=screenshot_dir / "progress-import-waiting.png", full_page=True)
    _run_job_as_the_worker(page, job_id)

    job_div = page.locator(f"#import-job #job-{job_id}")
    expect(job_div).to_have_class(re.compile(r"\bjob-failed\b"))
    expect(job_div.locator("progress")).to_have_count(0)
    expect(job_div.get_by_role("alert")).to_have_text(vi("Nothing was saved: the file has errors."))
    errors = job_div.locator("table.job-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(job_div.locator("table.job-errors thead th")).to_have_text([vi("Row"), vi("Column"), vi("Message")])
    expect(errors.nth(0).locator("td")).to_have_text(
        [str(text_row), VALUE_COLUMN, vi("“%(text)s” is not a number.", text="abc")])
    expect(errors.nth(1).locator("td")).to_have_text(
        [str(formula_row), VALUE_COLUMN, vi("The cell holds a formula; type the value itself.")])
    expect(job_div.locator("[hx-get]")).to_have_count(0)  # a finished job is not polled any more
    page.screenshot(path=screenshot_dir / "progress-import-errors.png", full_page=True)

    # All or nothing: the good row was not written either.
    assert ProgressEntry.objects.count() == entries_before
    target = Target.objects.get(indicator__campaign=campaign, indicator__code=GOOD_INDICATOR, unit__code=YEN_THE)
    assert not target.entries.filter(period_end=PERIOD).exists()
    version_before = target.version

    # The clerk removes the bad cells and sends the file again.
    for row in (text_row, formula_row):
        _fill(sheet, row, period=None, value=None)
    fixed_file = tmp_path / "so-lieu-yen-the.xlsx"
    workbook.save(fixed_file)
    second_job = _upload(page, campaign.pk, fixed_file)
    assert second_job != job_id
    _run_job_as_the_worker(page, second_job)

    job_div = page.locator(f"#import-job #job-{second_job}")
    expect(job_div).to_have_class(re.compile(r"\bjob-succeeded\b"))
    saved = vi("Saved %(rows)s values for %(targets)s targets (%(replaced)s replaced older values).",
                rows=1, targets=1, replaced=0)
    expect(job_div.get_by_role("status")).to_have_text(saved)
    expect(job_div.locator("table.job-errors")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "progress-import-saved.png", full_page=True)
    assert Job.objects.get(pk=second_job).progress == 100

    # Exactly one value was written, the good row's, and the target moved on.
    assert ProgressEntry.objects.count() == entries_before + 1
    entry = target.entries.get(period_end=PERIOD)
    assert (entry.value, entry.is_current, entry.source, entry.entered_by.username) == (
        Decimal("97.5"), True, "import", "yenthe")
    target.refresh_from_db()
    assert target.current_value == Decimal("97.5") and target.version > version_before

    # The target page shows it.
    page.goto(f"/targets/{target.pk}/")
    expect(page.locator("#current-value")).to_contain_text(re.compile(r"97[,.]5"))
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text(PERIOD.strftime("%d/%m/%Y"))
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text(re.compile(r"97[,.]5"))
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("Số liệu đến hết năm 2021")
    assert broken_assets == []


def test_a_stale_form_gets_a_conflict_and_overwrites_nothing(page, login, new_page, e2e_demo, screenshot_dir):
    from thidua.indicators.models import ProgressEntry, Target

    target = Target.objects.get(indicator__campaign=e2e_demo, indicator__code=GOOD_INDICATOR, unit__code=YEN_THE)
    version = target.version
    entries_before = target.entries.count()

    # Two desks open the same target: Yên Thế's clerk and the council's standing office.
    login("yenthe")
    page.goto(f"/targets/{target.pk}/")
    office = new_page()
    sign_in(office, "vanphong")
    office.goto(f"/targets/{target.pk}/")
    for desk in (page, office):
        expect(desk.locator("#progress-form input[name=version]")).to_have_value(str(version))

    # The clerk records a value first.
    page.locator("#id_period_end").fill(PERIOD.isoformat())
    page.locator("#id_value").fill("98")
    with page.expect_response(lambda r: r.request.method == "POST") as first:
        page.locator("#progress-form [type=submit]").click()
    assert first.value.status == 302
    page.wait_for_url(re.compile(rf"/targets/{target.pk}/$"))
    expect(page.locator("#current-value strong")).to_have_text("98")
    target.refresh_from_db()
    assert target.current_value == Decimal("98") and target.version > version

    # The office sends its copy, still carrying the old version: refused with 409, the newer value shown.
    office.locator("#id_period_end").fill(PERIOD.isoformat())
    office.locator("#id_value").fill("96,4")
    with office.expect_response(lambda r: r.request.method == "POST") as second:
        office.locator("#progress-form [type=submit]").click()
    assert second.value.status == 409
    conflict = office.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_have_attribute("role", "alert")
    expect(conflict).to_contain_text(vi("Conflict: your copy was out of date, nothing was saved."))
    expect(conflict).to_contain_text(re.compile(rf"\b98\b.*\b{target.version}\b"))
    expect(office.locator("#current-value strong")).to_have_text("98")
    # The form comes back with what was typed and the new version: sending again is a deliberate act.
    expect(office.locator("#id_value")).to_have_value(re.compile(r"96[,.]4"))
    expect(office.locator("#progress-form input[name=version]")).to_have_value(str(target.version))
    office.screenshot(path=screenshot_dir / "progress-conflict.png", full_page=True)

    # Nothing overwritten: the clerk's value stands and the office's was never written.
    target.refresh_from_db()
    assert target.current_value == Decimal("98")
    assert target.entries.count() == entries_before + 1
    assert not ProgressEntry.objects.filter(target=target, value=Decimal("96.4")).exists()
    assert target.entries.get(period_end=PERIOD, is_current=True).entered_by.username == "yenthe"


def _numbers(page, selector: str, attribute: str) -> dict[str, int]:
    return {
        key: int(text.strip())
        for key, text in page.locator(selector).evaluate_all(
            f"els => els.map(e => [e.getAttribute('{attribute}'), e.textContent])")
    }


def _check_totals(page, totals) -> None:
    shown = _numbers(page, ".dashboard-totals [data-total]:not([data-total=average])", "data-total")
    expected = {"targets": totals.targets, "achieved": totals.achieved, "on_track": totals.on_track,
                "at_risk": totals.at_risk, "off_track": totals.off_track, "no_data": totals.no_data}
    assert shown == expected
    assert totals.targets > 0 and sum(v for k, v in expected.items() if k != "targets") == totals.targets


def _check_print_button(page) -> None:
    """The print button appears once the script runs, opens the print dialog, and is not printed itself."""
    button = page.locator("button[data-print]")
    expect(button).to_be_visible()
    # (a function, so that Playwright calls it to install the stub rather than calling the stub itself)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator(".dashboard-totals svg[role=img]")).to_be_visible()
    page.emulate_media(media="screen")


def test_leader_sees_the_dashboard_charts_and_prints_the_brief(
    page, login, base_url, e2e_demo, broken_assets, screenshot_dir,
):
    from django.contrib.auth import get_user_model

    from thidua.indicators import selectors
    from thidua.indicators.enums import TargetApproval
    from thidua.indicators.models import Target

    campaign = e2e_demo
    leader = get_user_model().objects.get(username="chutich")
    totals = selectors.progress_totals(user=leader, campaign=campaign)
    # The leader sees the whole province: every approved target of the campaign.
    assert totals.targets == Target.objects.filter(indicator__campaign=campaign,
                                                   approval=TargetApproval.APPROVED).count()

    site = urlsplit(base_url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: urlsplit(r.url).netloc not in (site, "") and elsewhere.append(r.url))

    login("chutich")
    _open_campaign(page)
    page.locator(f"a[href='/campaigns/{campaign.pk}/progress/']").click()
    page.wait_for_url(f"{base_url}/campaigns/{campaign.pk}/progress/")

    charts = page.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3  # status bar, content areas, over time (plus the rows' meters)
    for selector in (".dashboard-totals", "#dashboard-groups", ".dashboard-over-time"):
        chart = page.locator(f"{selector} svg[role=img]").first
        expect(chart).to_be_visible()
        assert chart.get_attribute("aria-label")
    _check_totals(page, totals)
    # The content-area table adds up to the same total.
    by_content = page.locator("#dashboard-groups tbody td[data-count=targets]").all_text_contents()
    assert len(by_content) == 9 and sum(int(n) for n in by_content) == totals.targets
    page.screenshot(path=screenshot_dir / "progress-dashboard.png", full_page=True)
    _check_print_button(page)

    # The one-page brief for the leadership.
    page.locator(f"a[href='/campaigns/{campaign.pk}/progress/brief/']").click()
    page.wait_for_url(f"{base_url}/campaigns/{campaign.pk}/progress/brief/")
    expect(page.locator("article.brief")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(CAMPAIGN_TITLE)
    assert page.locator("article.brief svg[role=img]").count() >= 3
    _check_totals(page, totals)
    clusters = page.locator("article.brief tbody td[data-count=targets]").all_text_contents()
    assert clusters and sum(int(n) for n in clusters) == totals.targets
    page.screenshot(path=screenshot_dir / "progress-brief.png", full_page=True)
    _check_print_button(page)
    # The charts come from the server and the project's own files: no request left the site (no CDN).
    assert elsewhere == [] and broken_assets == []
