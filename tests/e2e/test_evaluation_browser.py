"""End-to-end: one whole evaluation round in real browsers — self-assessment, cluster cross-check, publication,
ranking, a secret-ballot vote and its result with the vote-count minutes.

Each person works at their own desk (a browser context of their own): Yên Thế's clerk (``yenthe``) scores and
submits its sheet; Hiệp Hòa's clerk (``hiephoa``, head of Cụm thi đua số 1) cross-checks it, changing one point with
a reason; the council office (``vanphong``) publishes it and reads the cluster's ranking; then ``hiephoa`` opens a
vote among the cluster's member units, four member units vote (two clerks are added for Tân Yên and Việt Yên), a
second ballot is refused, the counts stay hidden until the close, and after it the results and the DOCX minutes
agree with the threshold.

The time of the close cannot be advanced in a browser, so the test moves the round's ``closes_at`` into the past in
the database and reloads. Elements are found by URL, id, CSS class and *data* (unit ids, criterion codes, numbers);
interface texts come from the Vietnamese catalog at run time (``_ui``), so the test follows the translation.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, click_and_confirm, expect, settle, vi
from thidua.core.numbers import vi_number, vi_percent

pytestmark = pytest.mark.browser

CAMPAIGN_TITLE = re.compile("nước rút")
CLUSTER_NAME = "Cụm thi đua số 1"
SELF_POINTS, SELF_TYPED = Decimal("30.5"), "30,5"  # typed the Vietnamese way
CLUSTER_POINTS = Decimal("25")
EXPLANATION = "Ban hành kế hoạch số 125/KH-UBND; tổ chức 3 hội nghị quán triệt; có báo cáo sơ kết kèm theo."
REASON = "Hội nghị quán triệt thứ ba chưa có biên bản, chưa đủ minh chứng."
QUESTION = "Đề nghị tặng Cờ thi đua của UBND tỉnh năm 2021 cho đơn vị dẫn đầu Cụm thi đua số 1"
HIGHLIGHT = "rgb(255, 244, 214)"  # evaluation.css: .criteria tr.differs td.stage-points


def ui(message: str, **params) -> str:
    """The Vietnamese text of ``message``, or the msgid itself where no translation exists yet."""
    return vi(message, required=False, **params)


def _shown(value: Decimal) -> str:
    """A number as the templates print it (``vi_number``: ``30,5``, ``612``, ``1.234,5``)."""
    return vi_number(value)


def _plain(value: Decimal) -> str:
    """A number as the flash messages print it in Vietnamese (``scoring.points_text``: ``612,34``)."""
    from django.utils import translation

    from thidua.evaluation.scoring import points_text

    with translation.override("vi"):
        return points_text(value)


def _post(desk, button, *, status: int = 302) -> None:
    """Click a submit button and check the POST's status (302: saved and redirected)."""
    with desk.expect_response(lambda r: r.request.method == "POST") as response:
        click_and_confirm(desk, button)
    assert response.value.status == status, response.value.text()[:2000]
    settle(desk, response.value)


def _sheet(unit, stage):
    from thidua.evaluation.models import ScoreSheet

    return ScoreSheet.objects.get(unit=unit, stage=stage, is_current=True)


def _open_sheet_from_overview(desk, campaign, unit, stage_index: int) -> None:
    """Campaign → evaluation overview → the unit's sheet at a stage (the overview's table: self, cluster, council)."""
    desk.goto(f"/campaigns/{campaign.pk}/")
    desk.locator(f"a[href='/campaigns/{campaign.pk}/evaluation/']").first.click()
    desk.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/evaluation/$"))
    desk.locator(f"#unit-{unit.pk} td").nth(stage_index).locator("a").click()
    desk.wait_for_url(re.compile(r"/score-sheets/\d+/$"))


def _add_clerk(username: str, unit) -> None:
    """A clerk for another member unit of Cụm 1, made as the demo loader makes its users."""
    from thidua.accounts import services as accounts

    user = accounts.user_create(by=None, username=username, password=DEMO_PASSWORD, first_name=f"Cán bộ {unit.name}")
    accounts.role_assign(by=None, user=user, role="unit_clerk", unit=unit)


def _vote(desk, round_id: int, choices: list) -> None:
    desk.goto(f"/votes/{round_id}/")
    form = desk.locator("#ballot-form")
    expect(form).to_be_visible()
    for unit in choices:
        form.locator(f"input[name=choices][value='{unit.pk}']").check()
    _post(desk, form.locator("[type=submit]"))
    expect(desk.locator("#voted")).to_be_visible()
    expect(desk.locator("#ballot-form")).to_have_count(0)


def test_a_whole_evaluation_round_from_self_assessment_to_the_vote_minutes(
    page, login, new_page, base_url, e2e_demo, tmp_path, broken_assets, screenshot_dir,
):
    import docx
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from thidua.evaluation import selectors
    from thidua.evaluation.enums import CriterionKind, SheetStatus, Stage
    from thidua.evaluation.models import BallotCast, Candidate, ScoreEntry, VotingRound
    from thidua.org.models import Cluster, Unit

    campaign = e2e_demo
    units = {u.code: u for u in Unit.objects.filter(code__in=["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"])}
    yen_the, hiep_hoa, tan_yen, viet_yen = units["H-YT"], units["H-HH"], units["H-TY"], units["H-VY"]
    cluster = Cluster.objects.get(name=CLUSTER_NAME, year=campaign.year)
    assert cluster.head_unit_id == hiep_hoa.pk
    self_sheet = _sheet(yen_the, Stage.SELF)
    assert self_sheet.status == SheetStatus.DRAFT
    by_hand = list(self_sheet.scheme.criteria.filter(kind__in=[CriterionKind.MANUAL, CriterionKind.BONUS])
                   .order_by("order"))
    manual = by_hand[0]  # the criterion the cluster head will change
    # The clerk gives 30,5 to that one and the full points to every other criterion scored by hand.
    typed = {c.pk: SELF_POINTS if c == manual else c.max_points for c in by_hand}
    before = dict(ScoreEntry.objects.filter(sheet=self_sheet).values_list("criterion_id", "points"))
    assert all(before[pk] == 0 for pk in typed)
    # The expected total, from the database: the computed criteria's points as they are, plus the typed ones.
    self_total = sum((p for cid, p in before.items() if cid not in typed), Decimal(0)) + sum(typed.values())

    # ── 1. Yên Thế scores itself: campaign page → evaluation → its own sheet; save, then submit ──
    login("yenthe")
    page.goto("/campaigns/")
    page.locator("table a", has_text=CAMPAIGN_TITLE).click()
    page.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/$"))
    page.locator(f"a[href='/campaigns/{campaign.pk}/evaluation/']").first.click()
    page.wait_for_url(f"{base_url}/campaigns/{campaign.pk}/evaluation/")
    mine = page.locator("#my-sheets li")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(yen_the.name)
    mine.locator("a").click()
    page.wait_for_url(f"{base_url}/score-sheets/{self_sheet.pk}/")
    expect(page.locator("#sheet-total")).to_have_text(_shown(self_sheet.total))
    # Computed criteria (indicators, the penalty) have no input at the self stage; the manual ones do.
    computed = self_sheet.scheme.criteria.filter(kind__in=[CriterionKind.INDICATOR, CriterionKind.PENALTY]).first()
    expect(page.locator(f"#criterion-{computed.pk} input")).to_have_count(0)
    for criterion in by_hand[1:]:
        page.locator(f"#criterion-{criterion.pk} [name=points_{criterion.pk}]").fill(
            _plain(criterion.max_points))
    row = page.locator(f"#criterion-{manual.pk}")
    row.locator(f"[name=points_{manual.pk}]").fill(SELF_TYPED)
    row.locator(f"[name=explanation_{manual.pk}]").fill(EXPLANATION)
    _post(page, page.locator("#sheet-form button[name=action][value=save]"))
    page.wait_for_url(f"{base_url}/score-sheets/{self_sheet.pk}/")
    expect(page.locator("#sheet-total")).to_have_text(_shown(self_total))
    expect(page.get_by_role("status")).to_contain_text(
        ui("The points are saved. Total: %(total)s.", total=_plain(self_total)))
    expect(page.locator(f"#criterion-{manual.pk} [name=points_{manual.pk}]")).to_have_value(SELF_TYPED)
    self_sheet.refresh_from_db()
    assert self_sheet.total == self_total and self_sheet.status == SheetStatus.DRAFT
    saved = dict(ScoreEntry.objects.filter(sheet=self_sheet, criterion_id__in=typed).values_list(
        "criterion_id", "points"))
    assert saved == typed
    assert ScoreEntry.objects.get(sheet=self_sheet, criterion=manual).explanation == EXPLANATION

    _post(page, page.locator("#sheet-form button[name=action][value=submit]"))
    expect(page.locator("#sheet-form")).to_have_count(0)  # submitted: locked for its author
    expect(page.locator("#sheet-facts .status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    self_sheet.refresh_from_db()
    assert self_sheet.status == SheetStatus.SUBMITTED and self_sheet.submitted_by.username == "yenthe"
    cluster_sheet = _sheet(yen_the, Stage.CLUSTER)
    assert (cluster_sheet.status, cluster_sheet.total) == (SheetStatus.DRAFT, self_total)
    page.screenshot(path=screenshot_dir / "evaluation-self-submitted.png", full_page=True)

    # ── 2. Hiệp Hòa (cluster head) cross-checks: one point changed, with a reason; the stages side by side ──
    head = new_page("hiephoa")
    _open_sheet_from_overview(head, campaign, yen_the, 1)
    assert urlsplit(head.url).path == f"/score-sheets/{cluster_sheet.pk}/"
    row = head.locator(f"#criterion-{manual.pk}")
    expect(row.locator("td.stage-points")).to_have_count(2)  # self and cluster
    expect(row).not_to_have_class(re.compile(r"\bdiffers\b"))
    row.locator(f"[name=points_{manual.pk}]").fill(str(CLUSTER_POINTS))
    row.locator(f"[name=reason_{manual.pk}]").fill(REASON)
    _post(head, head.locator("#sheet-form button[name=action][value=save]"))
    cluster_total = self_total - SELF_POINTS + CLUSTER_POINTS
    expect(head.locator("#sheet-total")).to_have_text(_shown(cluster_total))
    row = head.locator(f"#criterion-{manual.pk}")
    expect(row).to_have_class(re.compile(r"\bdiffers\b"))
    expect(row.locator("td.stage-points[data-stage=self]")).to_have_text(_shown(SELF_POINTS))
    expect(row.locator("td.stage-points[data-stage=cluster]")).to_contain_text(_shown(CLUSTER_POINTS))
    expect(row.locator("td.stage-points[data-stage=cluster] .change-reason")).to_have_text(REASON)
    expect(row.locator("td.stage-points").first).to_have_css("background-color", HIGHLIGHT)
    # Only the changed criterion is highlighted.
    expect(head.locator("#criteria tbody tr.differs")).to_have_count(1)
    unchanged = head.locator(f"#criterion-{computed.pk} td.stage-points").first
    assert unchanged.evaluate("e => getComputedStyle(e).backgroundColor") != HIGHLIGHT
    head.screenshot(path=screenshot_dir / "evaluation-cluster-differences.png", full_page=True)
    _post(head, head.locator("#sheet-form button[name=action][value=submit]"))
    expect(head.get_by_role("status")).to_contain_text(ui(
        "The sheet is submitted (total %(total)s); the next stage can now review it.", total=_plain(cluster_total)))
    cluster_sheet.refresh_from_db()
    assert (cluster_sheet.status, cluster_sheet.total) == (SheetStatus.SUBMITTED, cluster_total)
    changed = ScoreEntry.objects.get(sheet=cluster_sheet, criterion=manual)
    assert (changed.points, changed.change_reason) == (CLUSTER_POINTS, REASON)
    council_sheet = _sheet(yen_the, Stage.COUNCIL)
    assert council_sheet.status == SheetStatus.DRAFT

    # ── 3. The council office publishes Yên Thế's result ──
    office = new_page("vanphong")
    _open_sheet_from_overview(office, campaign, yen_the, 2)
    assert urlsplit(office.url).path == f"/score-sheets/{council_sheet.pk}/"
    expect(office.locator(f"#criterion-{manual.pk} td.stage-points")).to_have_count(3)
    expect(office.locator("#sheet-form button[name=action][value=submit]")).to_have_count(0)
    _post(office, office.locator("#sheet-form button[name=action][value=publish]"))
    expect(office.get_by_role("status")).to_contain_text(
        ui("The result is published (total %(total)s).", total=_plain(cluster_total)))
    expect(office.locator("#sheet-facts .status")).to_have_class(re.compile(r"\bstatus-published\b"))
    expect(office.locator("#sheet-form")).to_have_count(0)
    expect(office.locator("#correction-form")).to_be_visible()  # a published result is corrected, never edited
    council_sheet.refresh_from_db()
    assert (council_sheet.status, council_sheet.revision, council_sheet.total) == (
        SheetStatus.PUBLISHED, 1, cluster_total)

    # ── 4. The ranking of Cụm 1, as the office sees it ──
    office.goto(f"/campaigns/{campaign.pk}/evaluation/")
    office.locator(f"#cluster-links a[href$='?cluster={cluster.pk}']").click()
    office.wait_for_url(f"{base_url}/campaigns/{campaign.pk}/rankings/?cluster={cluster.pk}")
    expect(office.locator("#cluster-select")).to_have_value(str(cluster.pk))
    vanphong = get_user_model().objects.get(username="vanphong")
    ranked = selectors.rankings(user=vanphong, campaign=campaign, cluster_id=cluster.pk)
    assert sorted(r.unit_id for r in ranked) == sorted(u.pk for u in units.values())
    rows = office.locator("#ranking tbody tr")
    expect(rows).to_have_count(len(ranked))
    assert [int(u) for u in rows.evaluate_all("rs => rs.map(r => r.dataset.unit)")] == [r.unit_id for r in ranked]
    ours = next(r for r in ranked if r.unit_id == yen_the.pk)
    assert (ours.total, ours.stage, ours.status) == (cluster_total, Stage.COUNCIL, SheetStatus.PUBLISHED)
    assert ours.band == selectors.band_for(council_sheet.scheme, cluster_total) != ""  # in a band (Khá, ≥ 650)
    expect(office.locator(f"#ranking tr[data-unit='{yen_the.pk}'] td")).to_have_text([
        str(ours.rank), _shown(cluster_total), _shown(ours.indicator_points), ours.band or "—",
        ui(Stage.COUNCIL.label), ui(SheetStatus.PUBLISHED.label)])
    office.screenshot(path=screenshot_dir / "evaluation-rankings.png", full_page=True)

    # ── 5. Hiệp Hòa opens a vote among the cluster's member units ──
    _add_clerk("tanyen", tan_yen)
    _add_clerk("vietyen", viet_yen)
    head.goto(f"/campaigns/{campaign.pk}/")
    head.locator(f"a[href='/campaigns/{campaign.pk}/votes/']").first.click()
    head.wait_for_url(f"{base_url}/campaigns/{campaign.pk}/votes/")
    form = head.locator("#round-form")
    expect(form).to_be_visible()  # the head of one cluster gets its form straight away
    expect(form.locator("input[name=candidates]")).to_have_count(len(units))
    candidates = [yen_the, hiep_hoa, viet_yen]
    form.locator("[name=question]").fill(QUESTION)
    for unit in candidates:
        form.locator(f"input[name=candidates][value='{unit.pk}']").check()
    form.locator("[name=threshold_percent]").fill("70")
    form.locator("[name=quorum_percent]").fill("50")
    expect(form.locator("[name=opens_at]")).not_to_have_value("")  # now, by default
    closes = (timezone.localtime() + datetime.timedelta(minutes=5)).replace(second=0, microsecond=0)
    form.locator("[name=closes_at]").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    _post(head, form.locator("[type=submit]"))
    head.wait_for_url(re.compile(r"/votes/\d+/$"))
    round_id = int(urlsplit(head.url).path.strip("/").split("/")[-1])
    voting_round = VotingRound.objects.get(pk=round_id)
    assert (voting_round.cluster_id, voting_round.question, voting_round.electorate_size) == (
        cluster.pk, QUESTION, len(units))
    assert (voting_round.threshold_percent, voting_round.quorum_percent, voting_round.closes_at) == (
        Decimal(70), Decimal(50), closes)
    assert voting_round.opens_at <= timezone.now() < voting_round.closes_at
    assert sorted(voting_round.candidates.values_list("unit_id", flat=True)) == sorted(u.pk for u in candidates)
    expect(head.locator("#round-facts .pill")).to_have_text(ui("Open"))

    # Four member units vote: Yên Thế 4 votes (80 % ≥ 70 %), Hiệp Hòa 3 (60 %), Việt Yên 1 (20 %).
    clerk = page  # Yên Thế's desk; a second tab keeps a ballot form open to send it again later
    stale = clerk.context.new_page()
    stale.goto(f"/votes/{round_id}/")
    expect(stale.locator("#ballot-form")).to_be_visible()
    _vote(head, round_id, [yen_the])
    _vote(clerk, round_id, [yen_the, hiep_hoa])
    _vote(new_page("tanyen"), round_id, [yen_the, hiep_hoa])
    _vote(new_page("vietyen"), round_id, [yen_the, hiep_hoa, viet_yen])
    assert BallotCast.objects.filter(round=voting_round).count() == 4

    # A second ballot from Yên Thế (the form left open in the other tab) is refused, and nothing is counted.
    stale.locator(f"#ballot-form input[name=choices][value='{viet_yen.pk}']").check()
    _post(stale, stale.locator("#ballot-form [type=submit]"), status=400)
    expect(stale.locator("#ballot-errors")).to_have_text(
        ui("A ballot has already been cast for this voter in this round."))
    expect(stale.locator("#ballot-form")).to_have_count(0)
    expect(stale.locator("#voted")).to_be_visible()
    stale.close()
    assert BallotCast.objects.filter(round=voting_round).count() == 4
    votes = dict(Candidate.objects.filter(round=voting_round).values_list("unit_id", "votes"))
    assert votes == {yen_the.pk: 4, hiep_hoa.pk: 3, viet_yen.pk: 1}

    # Before the close: the turnout, the candidates by name, and no count anywhere.
    office.goto(f"/votes/{round_id}/")
    expect(office.locator("#turnout")).to_have_text(ui("%(x)s of %(n)s have voted", x=4, n=5))
    expect(office.locator("#results")).to_have_count(0)
    expect(office.locator("#minutes-link")).to_have_count(0)
    names = office.locator("#candidates li")
    expect(names).to_have_text(sorted(u.name for u in candidates))
    for unit in candidates:
        assert not re.search(r"\d", names.filter(has_text=unit.name).inner_text())
    assert office.request.get(f"/votes/{round_id}/minutes.docx").status == 404
    office.screenshot(path=screenshot_dir / "evaluation-vote-open.png", full_page=True)

    # ── 6. The vote closes (moved into the past in the database), and the results come out ──
    now = timezone.now()
    VotingRound.objects.filter(pk=round_id).update(
        opens_at=now - datetime.timedelta(minutes=10), closes_at=now - datetime.timedelta(seconds=1))
    result = selectors.round_result(voting_round=VotingRound.objects.get(pk=round_id))
    assert (result.closed, result.electorate, result.voted, result.quorum_met) == (True, 5, 4, True)
    expected = [(yen_the, 4, Decimal(80), True), (hiep_hoa, 3, Decimal(60), False), (viet_yen, 1, Decimal(20), False)]
    assert [(c.unit_id, c.votes, c.percent, c.passed) for c in result.candidates] == [
        (u.pk, n, p, passed) for u, n, p, passed in expected]
    # 70 % of 5 is 3.5: four votes pass, three do not.
    assert all(passed == (n * 100 >= 70 * 5) for _u, n, _p, passed in expected)

    office.reload()
    expect(office.locator("#round-facts .pill")).to_have_text(ui("Closed"))
    expect(office.locator("#turnout")).to_contain_text(ui("%(x)s of %(n)s have voted", x=4, n=5))
    expect(office.locator("#turnout")).to_contain_text(ui("quorum met"))
    expect(office.locator("#candidates")).to_have_count(0)
    rows = office.locator("#results tbody tr")
    expect(rows).to_have_count(len(expected))
    for index, (unit, count, percent, passed) in enumerate(expected):
        expect(rows.nth(index)).to_have_attribute("data-unit", str(unit.pk))
        expect(rows.nth(index).locator("th")).to_have_text(unit.name)
        outcome = ui("Passed: proposed") if passed else ui("Not passed")
        expect(rows.nth(index).locator("td")).to_have_text([str(count), vi_percent(percent, 2), outcome])
        expect(rows.nth(index).locator(".result-passed" if passed else ".result-failed")).to_have_count(1)
    office.screenshot(path=screenshot_dir / "evaluation-vote-results.png", full_page=True)

    # The vote-count minutes, downloaded through the page, open in Word's format with the same counts.
    with office.expect_download() as download:
        office.locator("#minutes-link").click()
    assert download.value.suggested_filename == f"bien-ban-kiem-phieu-{round_id}.docx"
    path = tmp_path / "minutes.docx"
    download.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Số phiếu phát ra: 05; số phiếu thu về: 04; số phiếu hợp lệ: 04; số phiếu không hợp lệ: 00." in text
    table = next(t for t in document.tables if t.rows and t.rows[0].cells[0].text.strip() == "STT")
    body = [[cell.text.strip() for cell in r.cells] for r in table.rows[1:]]
    assert body == [
        [str(index), unit.name, "05", "04", "04", "00", f"{count:02d}", vi_percent(percent), "70\u00a0%",
         "Đạt" if passed else "Không đạt"]
        for index, (unit, count, percent, passed) in enumerate(expected, start=1)
    ]
    assert f"được đề nghị: {yen_the.name}." in text
    # Secret: no voter's name or login in the minutes.
    assert not re.search("hiephoa|yenthe|tanyen|vietyen|Trần Văn Hùng|Hoàng Thị Lan", text)
    assert broken_assets == []
