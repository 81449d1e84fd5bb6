"""The award registry as XLSX: one row per award of the current filter, revoked ones with their reason.

Rows are read as plain values (``REGISTRY_FIELDS``, through ``registry_rows``) with ``.iterator()``, so a registry
of hundreds of thousands of awards is streamed from the database without loading model instances.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from thidua.awards.enums import AwardLevel, AwardStatus

from . import xlsx

#: The columns an export reads from ``Award`` (``values()`` names).
REGISTRY_FIELDS = ("year", "award_type__name", "award_type__level", "person_id", "recipient_name", "unit__name",
                   "decision_reference", "decision__signed_on", "status", "revocation_reason")

COLUMNS = [
    xlsx.Column("Năm", 8, "center"),
    xlsx.Column("Danh hiệu/Hình thức", 32),
    xlsx.Column("Cấp", 10, "center"),
    xlsx.Column("Đối tượng", 12, "center"),
    xlsx.Column("Họ tên / Tên tập thể", 32),
    xlsx.Column("Đơn vị", 32),
    xlsx.Column("Quyết định", 24),
    xlsx.Column("Trạng thái", 12, "center"),
    xlsx.Column("Lý do thu hồi", 32),
]

LEVELS = {AwardLevel.GRASSROOTS: "Cơ sở", AwardLevel.PROVINCE: "Tỉnh", AwardLevel.NATIONAL: "Nhà nước"}
STATUSES = {AwardStatus.ACTIVE: "Có hiệu lực", AwardStatus.REVOKED: "Đã thu hồi"}


def registry_rows(awards: QuerySet, chunk_size: int = 2000) -> Iterator[dict]:
    """The awards' export values, streamed (the queryset's filters and order are kept)."""
    return awards.values(*REGISTRY_FIELDS).iterator(chunk_size=chunk_size)


def _decision(row: dict) -> str:
    reference = row.get("decision_reference") or ""
    signed_on = row.get("decision__signed_on")
    if reference and signed_on:
        return f"{reference} ngày {signed_on:%d/%m/%Y}"
    return reference


def _line(row: dict) -> list:
    return [
        row["year"],
        row["award_type__name"],
        LEVELS.get(row["award_type__level"], row["award_type__level"]),
        "Cá nhân" if row["person_id"] else "Tập thể",
        row["recipient_name"],
        row.get("unit__name") or "",
        _decision(row),
        STATUSES.get(row["status"], row["status"]),
        row.get("revocation_reason") or "",
    ]


def render_registry_xlsx(awards_iterable: Iterable[dict] | QuerySet, *, subtitle: str = "") -> bytes:
    """The table of awards. ``awards_iterable`` yields ``REGISTRY_FIELDS`` dicts; a queryset of awards is read
    through ``registry_rows``."""
    if isinstance(awards_iterable, QuerySet):
        awards_iterable = registry_rows(awards_iterable)
    workbook = xlsx.new_workbook(creator="thidua", title="Sổ theo dõi khen thưởng")
    xlsx.write_table(workbook.create_sheet("Khen thưởng"), COLUMNS, (_line(row) for row in awards_iterable),
                     title="SỔ THEO DÕI DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", subtitle=subtitle)
    return xlsx.workbook_bytes(workbook)
