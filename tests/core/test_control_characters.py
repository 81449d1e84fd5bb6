"""Control characters never break a reader: every export opens and holds the text without them, even when the
database holds rows stored before input was cleaned; and input through a form or the API is cleaned on the way in.

``polluted`` writes a run of control characters into every non-empty text column of the domain's tables through the
ORM (``QuerySet.update``: no form, no service, no input cleaning), as old rows would hold them. Every XLSX, DOCX and
PDF the application produces — pages, API and background jobs — is then made and read back.
"""

import datetime
import io
import json

import docx
import openpyxl
import pypdf
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Concat, Left
from django.urls import reverse

from tests.support import signed_in
from thidua.accounts.models import User
from thidua.awards import services as award_services
from thidua.awards.models import Award, AwardType, CouncilMeeting, Decision
from thidua.campaigns import services as campaign_services
from thidua.campaigns.models import Deadline, Receipt
from thidua.core.jobs import job_run
from thidua.core.models import Job
from thidua.core.text import UNPRINTABLE, printable
from thidua.evaluation import services as evaluation_services
from thidua.org import services as org_services

#: What an old row carries: C0 controls (XML cannot hold them), DEL, a C1 control, and U+FFFF (not XML either).
#: NUL and unpaired surrogates cannot be stored at all (PostgreSQL, UTF-8), so they only matter on input.
MARK = "Q\x0bZ\x1fQ\x7f\x85\uffffZ"
#: The mark as every export must show it: the letters only.
SHOWN = "qzqz"
#: The apps whose tables hold the text that reaches the exports.
DOMAIN_APPS = ("org", "campaigns", "indicators", "evaluation", "awards")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SEED_DEADLINE = "VB-PHAT-DONG"


def text_columns(model) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices]


def pollute() -> int:
    """Put ``MARK`` in front of every non-empty value of every free-text column of the domain apps (cut to the
    column's length); returns how many columns were written."""
    written = 0
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in text_columns(model):
                value = Concat(models.Value(MARK), models.F(field.name), output_field=models.TextField())
                if field.max_length:
                    value = Left(value, field.max_length)
                rows = model._base_manager.exclude(**{f"{field.name}__isnull": True}).exclude(**{field.name: ""})
                if rows.update(**{field.name: value}):
                    written += 1
    return written


@pytest.fixture
def exports(province, settings, tmp_path):
    """The objects every export is made from, created through the services, then polluted in the database."""
    settings.MEDIA_ROOT = tmp_path / "media"
    office = User.objects.get(username="vanphong")
    deadline = Deadline.objects.get(code=SEED_DEADLINE)
    version = campaign_services.submission_submit(
        by=User.objects.get(username="yenthe"), deadline=deadline, unit=province.unit("H-YT"),
        document_number="125/KH-UBND", document_date=datetime.date(2021, 9, 20), signer="Nguyễn Văn An",
        summary="Kế hoạch phát động", file=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"))
    campaign_services.receipt_record(by=office, submission=version.submission,
                                     recipient=deadline.recipients.get(kind="council_office"), decision="return",
                                     reason="Thiếu chữ ký của thủ trưởng")
    person = org_services.person_create(by=None, full_name="Nguyễn Thị Hạnh")
    org_services.employment_record(by=None, person=person, unit=province.unit("H-HH"),
                                   started_on=datetime.date(2015, 1, 1))
    award = award_services.award_register(by=None, award_type=AwardType.objects.get(code="GK_CN"), year=2021,
                                          person=person, unit=province.unit("H-HH"), decision_reference="15/QĐ-UBND",
                                          print_text="Đã có thành tích xuất sắc")
    award_services.award_revoke(by=office, award=award_services.award_register(
        by=None, award_type=AwardType.objects.get(code="GK_CN"), year=2021, person=person,
        unit=province.unit("H-HH"), decision_reference="16/QĐ-UBND"), reason="Khen thưởng trùng")
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=3)
    voting_round = evaluation_services.round_create(
        by=None, campaign=province.campaign(), cluster=province.cluster("Cụm thi đua số 1"), question="Suy tôn",
        candidates=[province.unit_ids["H-YT"], province.unit_ids["H-TY"]], threshold_percent="70",
        quorum_percent="50", opens_at=start, closes_at=start + datetime.timedelta(hours=2))
    draft = Decision.objects.get(issuer_unit__isnull=True, status="awaiting_signature")
    issued = Decision.objects.filter(issuer_unit__isnull=True, status="issued").latest("signed_on")
    decided = (Award.objects.filter(decision__isnull=False, status="active")
               .exclude(award_type__certificate_heading="").order_by("id").first())
    meeting = CouncilMeeting.objects.filter(council__unit__kind="province").order_by("id").first()
    bang_khen = AwardType.objects.get(code="BK_CN").pk
    assert pollute() >= 40  # units, clusters, campaigns, deadlines, reasons, names, awards, decisions…
    return {"deadline": deadline.pk, "award": award.pk, "decided_award": decided.pk, "round": voting_round.pk,
            "decision": issued.pk, "draft": draft.pk, "campaign": province.campaign_id, "meeting": meeting.pk,
            "award_type": bang_khen, "decided_decision": decided.decision_id}


# ── reading the files back ────────────────────────────────────────────────────────────────────────────────────


def xlsx_texts(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    texts = [workbook.properties.title or "", workbook.properties.creator or "", *workbook.sheetnames]
    for sheet in workbook.worksheets:
        texts += [value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str)]
    return texts


def docx_texts(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    properties = document.core_properties
    return [properties.title or "", properties.author or "", "".join(document.element.body.itertext())]


def pdf_texts(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    metadata = reader.metadata or {}
    return [str(metadata.get("/Title", "")), str(metadata.get("/Author", "")),
            *(page.extract_text() for page in reader.pages)]


READERS = {"xlsx": xlsx_texts, "docx": docx_texts, "pdf": pdf_texts}


def assert_readable(content: bytes, kind: str) -> None:
    """The file opens, shows the polluted rows' text, and holds none of the characters it cannot hold."""
    text = "\n".join(READERS[kind](content))
    assert SHOWN in text.lower()
    assert UNPRINTABLE.findall(text) == []


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# ── every export ──────────────────────────────────────────────────────────────────────────────────────────────

#: name → (who, how to get it, kind). A URL is fetched with GET; a job is started by a POST and run here.
DOWNLOADS = {
    "page-deadline-xlsx": ("vanphong", lambda ids: f"/campaigns/deadlines/{ids['deadline']}/export.xlsx", "xlsx"),
    "page-decision-docx": ("vanphong", lambda ids: reverse("awards:decision_document", args=[ids["decision"]]),
                           "docx"),
    "page-draft-decision-docx": ("vanphong", lambda ids: reverse("awards:decision_document", args=[ids["draft"]]),
                                 "docx"),
    "page-certificate-pdf": ("vanphong", lambda ids: reverse("awards:certificate", args=[ids["award"]]), "pdf"),
    "page-certificate-of-a-decision-pdf": ("vanphong", lambda ids: reverse(
        "awards:certificate", args=[ids["decided_award"]]), "pdf"),
    "page-minutes-docx": ("vanphong", lambda ids: reverse("evaluation:round_minutes", args=[ids["round"]]), "docx"),
    "page-progress-template-xlsx": ("vanphong", lambda ids: reverse(
        "indicators:progress_template", args=[ids["campaign"]]) + "?scope=all", "xlsx"),
    "api-deadline-xlsx": ("api:vanphong", lambda ids: f"/api/v1/deadlines/{ids['deadline']}/report.xlsx", "xlsx"),
    "api-deadline-docx": ("api:vanphong", lambda ids: f"/api/v1/deadlines/{ids['deadline']}/report.docx", "docx"),
    "api-decision-docx": ("api:vanphong", lambda ids: f"/api/v1/decisions/{ids['decision']}/document.docx", "docx"),
    "api-certificate-pdf": ("api:vanphong", lambda ids: f"/api/v1/awards/{ids['award']}/certificate.pdf", "pdf"),
    "api-minutes-docx": ("api:vanphong", lambda ids: f"/api/v1/voting-rounds/{ids['round']}/minutes.docx", "docx"),
    "api-progress-template-xlsx": ("api:vanphong",
                                   lambda ids: f"/api/v1/campaigns/{ids['campaign']}/progress-template.xlsx", "xlsx"),
    "page-decision-certificates-pdf": ("vanphong", lambda ids: reverse(
        "awards:decision_certificates", args=[ids["decided_decision"]]), "pdf"),
    "page-decision-certificates-blank-pdf": ("vanphong", lambda ids: reverse(
        "awards:decision_certificates", args=[ids["decided_decision"]]) + "?blank=1", "pdf"),
    "page-certificate-test-page-pdf": ("vanphong", lambda ids: reverse(
        "awards:certificate_test_page", args=[ids["award_type"]]), "pdf"),
    "page-meeting-minutes-docx": ("vanphong", lambda ids: reverse(
        "awards:council_meeting_minutes", args=[ids["meeting"]]), "docx"),
    "api-decision-certificates-pdf": (
        "api:vanphong", lambda ids: f"/api/v1/decisions/{ids['decided_decision']}/certificates.pdf", "pdf"),
    "api-meeting-minutes-docx": ("api:vanphong",
                                 lambda ids: f"/api/v1/council-meetings/{ids['meeting']}/minutes.docx", "docx"),
}
#: Routes that serve a file but not from the database's text: the preview is a POST of the unsaved wording (its
#: text goes through the same renderers), the default Word template holds only field tags, and the office's own
#: Word template is returned as it was uploaded.
NOT_FROM_THE_DATABASE = {"van-ban/mau/<slug:kind>/xem-truoc.docx", "van-ban/mau/<slug:kind>/mau-word.docx",
                         "van-ban/mau/<slug:kind>/mau-word-mac-dinh.docx"}
#: name → (the page that starts the job, its form, kind): every job handler that writes a file.
JOBS = {
    "job-deadline-report-docx": (lambda ids: f"/campaigns/deadlines/{ids['deadline']}/report/", {"format": "docx"},
                                 "docx"),
    "job-deadline-report-xlsx": (lambda ids: f"/campaigns/deadlines/{ids['deadline']}/report/", {"format": "xlsx"},
                                 "xlsx"),
    "job-registry-xlsx": (lambda ids: reverse("awards:registry_export") + "?year=2021", {}, "xlsx"),
}
NEEDS_FONT = pytest.mark.debian_package("fonts-liberation2")


@pytest.mark.parametrize("name", [pytest.param(name, marks=NEEDS_FONT) if name.endswith("pdf") else name
                                  for name in sorted(DOWNLOADS)])
def test_download_with_control_characters_in_every_text_column_opens_clean(exports, api_client, name):
    who, url, kind = DOWNLOADS[name]
    client = api_client(who.removeprefix("api:")) if who.startswith("api:") else signed_in(who)
    response = client.get(url(exports))
    assert response.status_code == 200, body(response)[:500]
    assert_readable(body(response), kind)


@pytest.mark.parametrize("name", sorted(JOBS))
def test_export_job_with_control_characters_in_every_text_column_succeeds_clean(exports, name):
    url, form, kind = JOBS[name]
    response = signed_in("vanphong").post(url(exports), form, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.content.decode()[:500]
    job = job_run(Job.objects.get().pk)
    assert (job.status, job.errors) == ("succeeded", [])
    with job.result.open("rb") as stored:
        assert_readable(stored.read(), kind)


def test_every_job_handler_that_writes_a_file_is_exported_here():
    """A new export job must be added to ``JOBS`` (the import job reads a file, it writes none)."""
    from thidua.core import jobs

    # Kinds named "tests.…" are the test suite's own handlers (tests/core/job_handlers.py), registered on import.
    kinds = {kind for kind in jobs.HANDLERS if not kind.startswith("tests.")}
    assert kinds - {"indicators.progress_import"} == {
        "campaigns.deadline_report_docx", "campaigns.deadline_report_xlsx", "awards.registry_xlsx"}


def test_every_file_download_route_is_exported_here():
    """A new page or API route that serves an XLSX, DOCX or PDF must be added to ``DOWNLOADS``."""
    from django.urls import URLResolver, get_resolver, resolve

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    served = {route for route in routes(get_resolver().url_patterns) if route.endswith((".xlsx", ".docx", ".pdf"))}
    ids = {"deadline": 1, "award": 1, "decided_award": 1, "round": 1, "decision": 1, "draft": 1, "campaign": 1,
           "meeting": 1, "award_type": 1, "decided_decision": 1}
    tested = {resolve(url(ids).split("?")[0]).route for _who, url, _kind in DOWNLOADS.values()}
    assert served - NOT_FROM_THE_DATABASE == tested
    assert len(served) == 19


def test_printable_keeps_tabs_line_breaks_and_vietnamese_and_drops_the_rest():
    text = "Lý do:\tthiếu\r\nchữ ký\x00\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f\ufffe\uffff\ud800\udfff của thủ trưởng"
    assert printable(text) == "Lý do:\tthiếu\r\nchữ ký của thủ trưởng"
    assert printable("Ngày 1\u00a02\u200b3 😀") == "Ngày 1\u00a02\u200b3 😀"  # NBSP, zero-width space, emoji stay


# ── input is cleaned ──────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def sent(province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return campaign_services.submission_submit(
        by=User.objects.get(username="yenthe"), deadline=Deadline.objects.get(code=SEED_DEADLINE),
        unit=province.unit("H-YT"), document_number="125/KH-UBND", document_date=datetime.date(2021, 9, 20),
        signer="Nguyễn Văn An", summary="Kế hoạch phát động",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")).submission


def test_return_reason_typed_in_a_form_is_stored_without_control_characters(sent):
    office = Deadline.objects.get(code=SEED_DEADLINE).recipients.get(kind="council_office")
    response = signed_in("vanphong").post(f"/campaigns/submissions/{sent.pk}/receipts/", {
        "recipient": office.pk, "decision": "return", "reason": "Thiếu\x0b chữ ký\x7f\x85\n\tcủa thủ\x1f trưởng"})
    assert response.status_code == 302
    assert list(Receipt.objects.values_list("reason", flat=True)) == ["Thiếu chữ ký\n\tcủa thủ trưởng"]


def test_urlencoded_form_is_cleaned_too(sent):
    office = Deadline.objects.get(code=SEED_DEADLINE).recipients.get(kind="council_office")
    response = signed_in("vanphong").post(
        f"/campaigns/submissions/{sent.pk}/receipts/",
        f"recipient={office.pk}&decision=return&reason=Thi%E1%BA%BFu%0B%C2%85%EF%BF%BF+ch%E1%BB%AF+k%C3%BD",
        content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert list(Receipt.objects.values_list("reason", flat=True)) == ["Thiếu chữ ký"]


def test_return_reason_sent_to_the_api_is_stored_without_control_characters(sent, api_client):
    response = api_client("vanphong").post(
        f"/api/v1/submissions/{sent.pk}/receipts",
        data=json.dumps({"recipient": "council_office", "decision": "return",
                         "reason": "Thiếu\u000b chữ ký\u007f\ud800\uffff\n\tcủa thủ\u001f trưởng"}),
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["reason"] == "Thiếu chữ ký\n\tcủa thủ trưởng"
    assert list(Receipt.objects.values_list("reason", flat=True)) == ["Thiếu chữ ký\n\tcủa thủ trưởng"]


def test_required_api_text_made_only_of_control_characters_is_refused(sent, api_client):
    """Cleaning comes before the length check: a value that was nothing but control characters is empty."""
    campaign_id = Deadline.objects.get(code=SEED_DEADLINE).campaign_id
    response = api_client("vanphong").post(
        f"/api/v1/campaigns/{campaign_id}/deadlines",
        data=json.dumps({"code": "BC-1", "title": "\u0001\u0002", "due_on": "2021-12-31",
                         "recipients": ["council_office"]}),
        content_type="application/json")
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["errors"]] == ["title"]


def test_nul_in_api_text_is_refused_not_stripped(sent, api_client):
    response = api_client("vanphong").post(
        f"/api/v1/submissions/{sent.pk}/receipts",
        data=json.dumps({"recipient": "council_office", "decision": "return", "reason": "Thiếu\u0000 chữ ký"}),
        content_type="application/json")
    assert response.status_code == 422
    assert Receipt.objects.count() == 0


def test_nul_in_a_multipart_form_is_refused_not_stripped(sent):
    office = Deadline.objects.get(code=SEED_DEADLINE).recipients.get(kind="council_office")
    response = signed_in("vanphong").post(f"/campaigns/submissions/{sent.pk}/receipts/", {
        "recipient": office.pk, "decision": "return", "reason": "Thiếu\x00 chữ ký"})
    assert response.status_code == 400
    assert Receipt.objects.count() == 0


def test_search_query_is_cleaned(province):
    response = signed_in("vanphong").get("/units/", {"q": "Y\x0bên\x7f Thế"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "Yên Thế"


# ── every text an API client sends goes through the cleaning type ─────────────────────────────────────────────


def api_input_fields() -> list[tuple[str, object, type]]:
    """Every field of every API operation's parameters (path, query, body, form), nested schemas included, as
    ``(where, pydantic FieldInfo, the operation's parameter model)``."""
    import typing

    from pydantic import BaseModel

    from thidua.api.api import api

    def models_in(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for argument in typing.get_args(annotation):
            yield from models_in(argument)

    found = []

    def walk(model, where: str, top: type, seen: set) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            found.append((f"{where}.{model.__name__}.{name}", field, top))
            for nested in models_in(field.annotation):
                walk(nested, where, top, seen)

    for router in api._get_bound_routers():  # every router, nested ones (the council's under awards) included
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for model in operation.models:
                    walk(model, f"{'/'.join(operation.methods)} {path}", model, set())
    return found


def test_every_text_an_api_client_sends_is_cleaned():
    """A ``str`` in any API input (body, form, query) must be ``api.types.Text``: NUL refused, controls stripped."""
    import typing

    from thidua.api.types import _clean_text

    def types_in(annotation):
        yield annotation
        for argument in typing.get_args(annotation):
            yield from types_in(argument)

    texts = [(where, field) for where, field, _top in api_input_fields() if str in set(types_in(field.annotation))]
    assert [where for where, field in texts
            if not any(getattr(meta, "func", None) is _clean_text for meta in field.metadata)] == []
    assert len(texts) >= 30  # reasons, notes, titles, names, numbers, searches…
