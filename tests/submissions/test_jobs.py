"""The consolidated report as a background job: started from the deadline page, run by the worker (here the
immediate backend, once the request's transaction commits), polled for its progress, downloaded."""

import io

import docx
import openpyxl
import pytest

from tests.support import signed_in
from thidua.core.models import Job

from .helpers import DOCX_TYPE, body, seed_deadline, send

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # django_tasks resets its backends on the setting_changed signal, so the override takes effect at once.
    settings.TASKS = IMMEDIATE


def report_url() -> str:
    return f"/campaigns/deadlines/{seed_deadline().pk}/report/"


def start(client, fmt: str, capture):
    with capture(execute=True) as callbacks:
        response = client.post(report_url(), {"format": fmt})
    return response, callbacks


def test_report_job_docx_runs_to_the_end_and_reads_back(province, django_capture_on_commit_callbacks):
    send(province, "yenthe")
    response, callbacks = start(signed_in("vanphong"), "docx", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert len(callbacks) == 1
    job = Job.objects.get()
    assert f'id="job-{job.pk}"' in response.content.decode()
    assert (job.kind, job.params, job.created_by.username) == (
        "campaigns.deadline_report_docx", {"deadline_id": seed_deadline().pk}, "vanphong")
    assert (job.status, job.progress, job.errors) == ("succeeded", 100, [])
    assert job.result_name.startswith("bao-cao-vb-phat-dong-") and job.result_name.endswith(".docx")
    with job.result.open("rb") as stored:
        document = docx.Document(io.BytesIO(stored.read()))
    assert "Văn bản phát động đợt thi đua “nước rút”" in "\n".join(p.text for p in document.paragraphs)


def test_report_job_xlsx_runs_to_the_end_and_reads_back(province, django_capture_on_commit_callbacks):
    start(signed_in("vanphong"), "xlsx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert (job.kind, job.status, job.progress) == ("campaigns.deadline_report_xlsx", "succeeded", 100)
    with job.result.open("rb") as stored:
        workbook = openpyxl.load_workbook(io.BytesIO(stored.read()))
    assert workbook.sheetnames == ["Tổng hợp", "Số liệu"]


def test_report_job_is_enqueued_only_when_the_request_commits(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signed_in("vanphong").post(report_url(), {"format": "docx"})
    job = Job.objects.get()
    assert (len(callbacks), job.status, job.progress) == (1, "queued", 0)


def test_job_page_shows_the_download_link_and_the_download_serves_the_file(province,
                                                                            django_capture_on_commit_callbacks):
    client = signed_in("vanphong")
    start(client, "docx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/jobs/{job.pk}/download"' in html
    assert job.result_name in html and "hx-trigger" not in html  # done: the page stops polling
    download = client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert job.result_name in download["Content-Disposition"]
    content = body(download)
    with job.result.open("rb") as stored:
        assert content == stored.read()
    assert download["Content-Type"] == DOCX_TYPE
    docx.Document(io.BytesIO(content))


def test_job_page_of_a_queued_job_shows_the_progress_bar_and_polls(province, django_capture_on_commit_callbacks):
    client = signed_in("vanphong")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(report_url(), {"format": "docx"})
    job = Job.objects.get()
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'<progress id="job-progress-{job.pk}" max="100" value="0">' in html
    assert f'hx-get="/jobs/{job.pk}/"' in html and 'hx-trigger="every 1s"' in html


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "thanhvien"])
def test_job_of_another_user_is_404(province, django_capture_on_commit_callbacks, username):
    start(signed_in("vanphong"), "docx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    client = signed_in(username)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download").status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "", "DOCX"])
def test_report_job_in_an_unknown_format_is_400_and_starts_nothing(province, django_capture_on_commit_callbacks,
                                                                    fmt):
    response, callbacks = start(signed_in("vanphong"), fmt, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert (Job.objects.count(), len(callbacks)) == (0, 0)


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "thanhvien"])
def test_report_job_started_by_anyone_but_the_office_and_leadership_is_403(
        province, django_capture_on_commit_callbacks, username):
    response, callbacks = start(signed_in(username), "docx", django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert (Job.objects.count(), len(callbacks)) == (0, 0)


def test_report_job_get_goes_back_to_the_deadline_and_starts_nothing(province):
    response = signed_in("vanphong").get(report_url())
    assert response.status_code == 302 and report_url().startswith(response["Location"])
    assert Job.objects.count() == 0


def test_report_job_by_the_leader_is_seen_by_the_office(province, django_capture_on_commit_callbacks):
    start(signed_in("chutich"), "xlsx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert (job.status, job.created_by.username) == ("succeeded", "chutich")
    assert signed_in("vanphong").get(f"/jobs/{job.pk}/").status_code == 200
    assert signed_in("chutich").get(f"/jobs/{job.pk}/download").status_code == 200
