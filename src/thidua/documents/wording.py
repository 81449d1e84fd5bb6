"""The fixed wording of each kind of document, as the council office last saved it (``DocumentTemplate``), over
the built-in wording below.

Renderers ask ``wording_for(kind)`` for the lines they print besides the data: the căn cứ lines beyond the legal
ones (the texts of the law come from the regime in force, the competence from the issuer), the Nơi nhận list, the
archive line, the signer's title and name when the data does not give them, the introduction of a report. A field
left empty in a saved version falls back to nothing (the office removed it on purpose), not to the built-in line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import DocumentKind, DocumentTemplate

#: The wording fields the office edits, in the order the page shows them.
FIELDS = ("basis", "recipients", "archive", "signer_title", "signer_name", "introduction")
#: Fields held as lists of lines.
LIST_FIELDS = ("basis", "recipients")


@dataclass(frozen=True)
class Wording:
    kind: str
    version: int  # 0: the built-in wording, never saved
    basis: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    archive: str = "Lưu: VT."
    signer_title: str = ""
    signer_name: str = ""
    introduction: str = ""


#: The built-in wording of each kind (what a fresh installation prints).
DEFAULTS: dict[str, dict] = {
    DocumentKind.DECISION: {
        "recipients": ["Như Điều 3;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
                       "Sở Nội vụ (Ban Thi đua - Khen thưởng);"],
        "archive": "Lưu: VT, NC.",
    },
    DocumentKind.UNIT_DECISION: {
        "recipients": ["Như Điều 3;", "Sở Nội vụ (Ban Thi đua - Khen thưởng) (để báo cáo);"],
        "archive": "Lưu: VT, TCCB.",
    },
    DocumentKind.DEADLINE_REPORT: {
        "recipients": ["Chủ tịch UBND tỉnh (để báo cáo);", "Các Phó Chủ tịch UBND tỉnh;"],
        "archive": "Lưu: VT, TĐKT.",
        "signer_title": "GIÁM ĐỐC",
        "introduction": "",
    },
    DocumentKind.MEETING_MINUTES: {
        "recipients": ["Thành viên Hội đồng Thi đua - Khen thưởng;"],
        "archive": "Lưu: VT, TĐKT.",
    },
    DocumentKind.VOTE_MINUTES: {
        "recipients": ["Thường trực Hội đồng Thi đua - Khen thưởng tỉnh;"],
        "archive": "Lưu: VT.",
    },
}


def latest_template(kind: str) -> DocumentTemplate | None:
    """The version in use of ``kind`` (one query), or None when the office never saved one."""
    return DocumentTemplate.objects.filter(kind=kind).order_by("-version").first()


def wording_for(kind: str, *, template: DocumentTemplate | None = None) -> Wording:
    """The wording in use for ``kind``: the latest saved version, else the built-in one. ``template`` (a version,
    saved or not) is used instead, for the preview."""
    if kind not in DEFAULTS:
        raise ValueError(f"unknown document kind {kind!r}")
    template = template if template is not None else latest_template(kind)
    values = dict(DEFAULTS[kind])
    version = 0
    if template is not None:
        version = template.version or 0
        saved = template.content or {}
        for name in FIELDS:
            if name in saved:
                values[name] = saved[name]
    for name in LIST_FIELDS:
        values[name] = [str(line).strip() for line in values.get(name) or [] if str(line).strip()]
    for name in set(FIELDS) - set(LIST_FIELDS):
        if name in values:
            values[name] = str(values[name] or "").strip()
    return Wording(kind=str(kind), version=version, **values)
