"""Small builders shared by the backend tests of evaluation: demo sheets and criteria by code, entries to save,
users for the units and the council that the demo has no login for, launch documents sent at a given time, and
voting rounds around a moment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment, User
from thidua.campaigns import services as campaign_services
from thidua.campaigns.models import Deadline
from thidua.core.models import AuditEvent
from thidua.evaluation import services
from thidua.evaluation.enums import Electorate, Stage
from thidua.evaluation.models import Criterion, ScoreSheet, ScoringScheme, VotingRound

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CLUSTER_1 = "Cụm thi đua số 1"
BLOCK_VHXH = "Khối văn hóa - xã hội"
#: The seed deadline for the launch document is due on 30/9/2021 (Asia/Ho_Chi_Minh).
LAUNCH_DUE = datetime.date(2021, 9, 30)


@pytest.fixture
def english():
    """Messages in English while the test runs, whatever the catalog translates (``usefixtures("english")``)."""
    with translation.override("en"):
        yield


def at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    """An aware moment in the project's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def demo_scheme(province) -> ScoringScheme:
    return ScoringScheme.objects.get(campaign_id=province.campaign_id, cluster__isnull=True)


def criterion(scheme: ScoringScheme, code: str) -> Criterion:
    return scheme.criteria.get(code=code)


def sheet_of(province, unit_code: str, stage: str = Stage.SELF, scheme: ScoringScheme | None = None) -> ScoreSheet:
    """The unit's current sheet at ``stage`` under the demo scheme (or ``scheme``)."""
    scheme = scheme or demo_scheme(province)
    return ScoreSheet.objects.get(scheme=scheme, unit_id=province.unit_ids[unit_code], stage=stage, is_current=True)


def points_of(sheet: ScoreSheet) -> dict[str, Decimal]:
    """``{criterion code: points}`` of a sheet, read from the database."""
    return dict(sheet.entries.values_list("criterion__code", "points"))


def save(sheet: ScoreSheet, by, entries: dict[str, object], *, reasons: dict[str, str] | None = None,
         version: int | None = None) -> ScoreSheet:
    """Save ``{criterion code: points}`` on ``sheet`` as ``by`` (the sheet's current version unless given)."""
    sheet.refresh_from_db()
    codes = dict(sheet.scheme.criteria.values_list("code", "pk"))
    rows = [{"criterion_id": codes[code], "points": value, "explanation": f"Minh chứng {code}",
             "reason": (reasons or {}).get(code, "")} for code, value in entries.items()]
    return services.sheet_save(by=by, sheet=sheet, version=sheet.version if version is None else version,
                               entries=rows)


def move(sheet: ScoreSheet, by, to: str, reason: str = "") -> ScoreSheet:
    sheet.refresh_from_db()
    return services.sheet_transition(by=by, sheet=sheet, to=to, reason=reason)


def clerk(province, unit_code: str, username: str | None = None) -> User:
    """A new clerk login for a demo unit that has none (the deputy of Cụm 1, Tân Yên, for one)."""
    user = User.objects.create_user(username=username or f"clerk-{unit_code.lower()}", password="thidua-demo")
    RoleAssignment.objects.create(user=user, role=Role.UNIT_CLERK, unit_id=province.unit_ids[unit_code])
    return user


def council_members(province, how_many: int) -> list[User]:
    """``how_many`` council members in all: the demo's one (thanhvien) and new ones."""
    members = [province.user("thanhvien")]
    for number in range(1, how_many):
        user = User.objects.create_user(username=f"thanhvien{number}", password="thidua-demo")
        RoleAssignment.objects.create(user=user, role=Role.COUNCIL_MEMBER, unit_id=province.unit_ids["SNV"])
        members.append(user)
    return members


def send_launch(province, unit_code: str, by: User, now: datetime.datetime):
    """The unit's clerk sends its launch document (VB-PHAT-DONG) at ``now``."""
    return campaign_services.submission_submit(
        by=by, deadline=Deadline.objects.get(campaign_id=province.campaign_id, code="VB-PHAT-DONG"),
        unit=province.unit(unit_code), document_number="12/KH-UBND", document_date=datetime.date(2021, 9, 20),
        signer="Nguyễn Văn An", summary="Kế hoạch phát động",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"), now=now)


def open_round(province, *, candidates: list[str], cluster: str | None = CLUSTER_1, threshold="70", quorum="50",
               electorate: str = Electorate.CLUSTER_UNITS, opens_at=None, closes_at=None, **kwargs) -> VotingRound:
    """A round created by the office, open now (or between the given moments)."""
    now, hour = timezone.now(), datetime.timedelta(hours=1)
    return services.round_create(
        by=province.user("vanphong"), campaign=province.campaign(),
        cluster=province.cluster(cluster) if cluster else None, question="Suy tôn đơn vị dẫn đầu cụm thi đua",
        candidates=[province.unit_ids[c] for c in candidates], threshold_percent=threshold, quorum_percent=quorum,
        opens_at=opens_at or now - hour, closes_at=closes_at or now + hour,
        electorate=electorate, **kwargs)


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()
