"""Helpers shared by the submission tests: the seed deadline, sending a unit's document, reading files back."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts import services as account_services
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.campaigns import services
from thidua.campaigns.models import Deadline, Submission, SubmissionVersion

from .conftest import PDF_BYTES

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SEED_CODE = "VB-PHAT-DONG"
CLUSTER_1 = "Cụm thi đua số 1"
CULTURE_BLOCK = "Khối văn hóa - xã hội"
CLUSTER_1_CODES = {"H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"}
CULTURE_BLOCK_CODES = {"BAO-BG", "DAI-PTTH", "SGDDT", "SLDTBXH", "SVHTTDL", "SYT"}
#: The clerk of each unit the demo has a clerk for.
CLERK_UNIT = {"yenthe": "H-YT", "hiephoa": "H-HH", "soyte": "SYT"}

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORM = {"document_number": "125/KH-UBND", "document_date": "2021-09-20", "signer": "Nguyễn Văn An",
        "summary": "Kế hoạch phát động đợt thi đua nước rút"}


def seed_deadline() -> Deadline:
    return Deadline.objects.get(code=SEED_CODE)


def pdf_upload(name: str = "ke-hoach.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def send(province, username: str, *, unit: str | None = None, content: bytes = PDF_BYTES,
         name: str = "ke-hoach.pdf", at: datetime.datetime | None = None) -> SubmissionVersion:
    """The clerk ``username`` sends its unit's document for the seed deadline (through the service)."""
    return services.submission_submit(
        by=User.objects.get(username=username), deadline=seed_deadline(),
        unit=province.unit(unit or CLERK_UNIT[username]),
        document_number="125/KH-UBND", document_date=datetime.date(2021, 9, 20), signer="Nguyễn Văn An",
        summary="Kế hoạch phát động đợt thi đua nước rút", file=pdf_upload(name, content),
        now=at or datetime.datetime(2021, 9, 25, 9, 0, tzinfo=VN),
    )


def receive(province, username: str, submission: Submission, kind: str, decision: str = "accept",
            reason: str = ""):
    return services.receipt_record(by=User.objects.get(username=username), submission=submission,
                                   recipient=seed_deadline().recipients.get(kind=kind), decision=decision,
                                   reason=reason)


def make_clerk(province, username: str, unit_code: str, email: str = ""):
    """A new clerk for a unit the demo has no user for (Tân Yên, the deputy of Cụm thi đua số 1)."""
    user = account_services.user_create(by=None, username=username, password="thidua-demo", email=email)
    account_services.role_assign(by=None, user=user, role=Role.UNIT_CLERK, unit=province.unit(unit_code))
    return user


def body(response) -> bytes:
    """The whole body of a response. A streamed one (a file) is read to its end, which makes the test client close
    it the way a WSGI server would; never call ``response.close()`` here: its ``request_finished`` signal would
    close the database connection in the middle of the test's transaction (on PostgreSQL)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def snapshot() -> tuple[int, int]:
    """How many submissions and versions exist: a refused request must leave both unchanged."""
    return Submission.objects.count(), SubmissionVersion.objects.count()


def stored_files(settings) -> list[str]:
    """Every file under MEDIA_ROOT (a temporary folder for these tests)."""
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
