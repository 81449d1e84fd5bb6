"""The registry's XLSX export as a background job: the page starts it with the filter (checked, or refused with 400
and no job), the worker re-runs the search as the job's user and streams the rows into a write-only workbook with
progress, and only the job's user (or the council office) reads the job and its file.

Awards here are in years no demo data uses (1990–1999), so what a filter exports is exactly what the test made.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.awards.conftest import grant, new_person
from tests.support import signed_in
from thidua.accounts.models import User
from thidua.awards import exports
from thidua.awards.services import award_revoke
from thidua.core.jobs import job_run
from thidua.core.models import Job
from thidua.documents.award_registry import render_registry_xlsx

HEADER = ["Năm", "Danh hiệu/Hình thức", "Cấp", "Đối tượng", "Họ tên / Tên tập thể", "Đơn vị", "Quyết định",
          "Trạng thái", "Lý do hủy bỏ"]


@pytest.fixture
def units(province):
    return {"hh": province.unit("H-HH"), "yt": province.unit("H-YT")}


def export(client, htmx: bool = True, **filters):
    """POST the export with the filter in the query string, as the registry page's button does."""
    url = reverse("awards:registry_export")
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"{url}?{query}" if query else url, headers=headers)


def run_export(username: str, **filters) -> Job:
    response = export(signed_in(username), **filters)
    assert response.status_code == 200, response.content.decode()
    job = Job.objects.get()
    assert f'id="job-{job.pk}"' in response.content.decode()
    return job_run(job.pk)


def workbook_rows(content: bytes, first: int = 5) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def job_rows(job: Job, first: int = 5) -> list[list]:
    with job.result.open("rb") as stored:
        return workbook_rows(stored.read(), first)


# ── what the file holds ─────────────────────────────────────────────────────────────────────────────────────


def test_export_job_writes_exactly_the_years_awards_newest_first(province, units):
    bich = new_person("Đỗ Thị Bích Ngọc", units["hh"])
    first = grant("LDTT", 1994, person=bich, unit=units["hh"], reference="12/QĐ-UBND")
    second = grant("TTLDTT", 1994, unit=units["yt"], reference="13/QĐ-UBND")
    grant("LDTT", 1995, person=bich, unit=units["hh"])  # another year: not exported
    award_revoke(by=None, award=second, reason="Khai man thành tích")
    job = run_export("vanphong", year=1994)
    assert (job.kind, job.params, job.created_by.username) == ("awards.registry_xlsx", {"year": "1994"}, "vanphong")
    assert (job.status, job.progress, job.errors) == ("succeeded", 100, [])
    assert job.result_name == f"so-khen-thuong-{timezone.localdate():%Y%m%d}.xlsx"
    assert job_rows(job, first=1) == [
        ["SỔ THEO DÕI DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", *[None] * 8],
        [f"Ngày xuất: {timezone.localdate():%d/%m/%Y}", *[None] * 8],
        [None] * 9,
        HEADER,
        [1994, "Tập thể lao động tiên tiến", "Cơ sở", "Tập thể", "UBND huyện Yên Thế", "UBND huyện Yên Thế",
         "13/QĐ-UBND", "Đã hủy bỏ", "Khai man thành tích"],
        [1994, "Lao động tiên tiến", "Cơ sở", "Cá nhân", "Đỗ Thị Bích Ngọc", "UBND huyện Hiệp Hòa", "12/QĐ-UBND",
         "Có hiệu lực", None],
    ]
    assert first.pk < second.pk  # newest first, as on the page


def test_export_job_finds_the_name_without_accents(province, units):
    xuan = new_person("Trần Thị Ánh Xuân Thủy", units["hh"])
    other = new_person("Trần Thị Ánh Thu", units["hh"])
    grant("LDTT", 1991, person=xuan, unit=units["hh"])
    grant("LDTT", 1992, person=xuan, unit=units["hh"])
    grant("LDTT", 1992, person=other, unit=units["hh"])
    job = run_export("vanphong", q="tran+thi+anh+xuan+thuy")
    assert job.params == {"q": "tran thi anh xuan thuy"}
    assert [(row[0], row[4]) for row in job_rows(job)] == [(1992, "Trần Thị Ánh Xuân Thủy"),
                                                             (1991, "Trần Thị Ánh Xuân Thủy")]


def test_clerks_export_holds_only_what_the_clerk_may_see(province, units):
    grant("LDTT", 1997, person=new_person("Lê Văn Hiệp", units["hh"]), unit=units["hh"])
    mine = grant("LDTT", 1997, person=new_person("Lê Văn Yên", units["yt"]), unit=units["yt"])
    job = run_export("yenthe", year=1997)
    assert [row[4] for row in job_rows(job)] == [mine.recipient_name]
    assert [row[4] for row in job_rows(run_export_again("vanphong", year=1997))] == ["Lê Văn Yên", "Lê Văn Hiệp"]


def run_export_again(username: str, **filters) -> Job:
    """A second export in the same test (``run_export`` expects the only job)."""
    before = set(Job.objects.values_list("pk", flat=True))
    assert export(signed_in(username), **filters).status_code == 200
    return job_run(Job.objects.exclude(pk__in=before).get().pk)


def test_export_of_an_empty_filter_has_the_header_only(province):
    job = run_export("vanphong", year=1990)
    assert job.status == "succeeded"
    assert job_rows(job, first=4) == [HEADER]


def test_export_reports_progress_every_few_thousand_rows(province, units, monkeypatch):
    for _ in range(3):
        grant("TTLDTT", 1993, unit=units["yt"])
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    job = Job.objects.create(kind="awards.registry_xlsx", params={"year": "1993"},
                             created_by=User.objects.get(username="vanphong"))
    moves = []
    with translation.override("en"):
        content, name = exports.registry_xlsx(job, lambda percent, message="": moves.append((percent, message)))
    assert moves == [(1, "3 awards to write"), (66, "2 of 3 awards written"), (99, "3 of 3 awards written")]
    assert [row[0] for row in workbook_rows(content)] == [1993, 1993, 1993]
    assert name == f"so-khen-thuong-{timezone.localdate():%Y%m%d}.xlsx"


# ── who may start, read and download ────────────────────────────────────────────────────────────────────────


def test_another_user_cannot_read_the_job_or_download_its_file(province):
    job = run_export("hiephoa", year=1990)
    owner = signed_in("hiephoa")
    assert owner.get(reverse("job", args=[job.pk])).status_code == 200
    download = owner.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 200
    assert job.result_name in download["Content-Disposition"]
    assert workbook_rows(b"".join(download.streaming_content), first=4) == [HEADER]
    stranger = signed_in("yenthe")
    assert stranger.get(reverse("job", args=[job.pk])).status_code == 404
    assert stranger.get(reverse("job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("filters", [{"year": "abc"}, {"year": "1800"}, {"unit": "999999999"},
                                     {"award_type": "999999999"}, {"status": "lost"}])
def test_a_bad_filter_is_refused_and_starts_no_job(province, filters):
    response = export(signed_in("vanphong"), **filters)
    assert response.status_code == 400
    assert Job.objects.count() == 0


def test_export_by_get_goes_back_to_the_filtered_registry_and_starts_nothing(province):
    response = signed_in("vanphong").get(reverse("awards:registry_export"), {"year": 1994})
    assert (response.status_code, response["Location"]) == (302, reverse("awards:registry") + "?year=1994")
    assert Job.objects.count() == 0


def test_a_plain_form_post_goes_to_the_jobs_page(province):
    response = export(signed_in("vanphong"), htmx=False, year=1994)
    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, reverse("job", args=[job.pk]))


def test_the_progress_fragment_polls_until_the_job_is_done(province):
    client = signed_in("vanphong")
    response = export(client, year=1994)
    job = Job.objects.get()
    assert f'hx-get="/jobs/{job.pk}/"' in response.content.decode() and "<progress" in response.content.decode()
    job_run(job.pk)
    done = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in done and f'href="/jobs/{job.pk}/download"' in done


def test_a_job_whose_filter_no_longer_holds_fails_with_the_reason(province):
    job = Job.objects.create(kind="awards.registry_xlsx", params={"year": "abc"},
                             created_by=User.objects.get(username="vanphong"))
    job = job_run(job.pk)
    assert (job.status, bool(job.result), [e["column"] for e in job.errors]) == ("failed", False, ["year"])


def test_the_registry_page_offers_the_export_as_a_form(province, units):
    grant("TTLDTT", 1994, unit=units["yt"])
    page = signed_in("vanphong").get(reverse("awards:registry"), {"year": 1994}).content.decode()
    url = reverse("awards:registry_export") + "?year=1994"
    assert f'<form class="no-print" id="registry-export" method="post" action="{url}"' in page
    assert f'hx-post="{url}" hx-target="#registry-export-job"' in page
    assert '<div id="registry-export-job"' in page


# ── the workbook itself ─────────────────────────────────────────────────────────────────────────────────────


def test_workbook_keeps_the_table_formatting_and_text_never_becomes_a_formula():
    rows = [(1999, "Lao động tiên tiến", "grassroots", 7, "=HYPERLINK(\"x\")", "", "5/QĐ-UBND",
             datetime.date(1999, 12, 30), "active", None)]
    sheet = openpyxl.load_workbook(io.BytesIO(render_registry_xlsx(rows, subtitle="Ngày xuất: 01/01/2000"))).active
    assert [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)] == [
        [1999, "Lao động tiên tiến", "Cơ sở", "Cá nhân", "=HYPERLINK(\"x\")", None, "5/QĐ-UBND ngày 30/12/1999",
         "Có hiệu lực", None]]
    assert sheet["E5"].data_type == "s"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:I1", "A2:I2"}
    assert (sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_title_rows) == ("A5", "A4:I5", "$4:$4")
    header, cell = sheet["B4"], sheet["B5"]
    assert (header.font.b, header.fill.fgColor.rgb, header.font.name) == (True, "00D9E2F3", "Times New Roman")
    assert (cell.font.name, cell.border.left.style, cell.alignment.wrap_text) == ("Times New Roman", "thin", True)
    assert sheet.column_dimensions["B"].width == 32
