"""Read a provincial emulation plan (Kế hoạch) from its plain text, as the seed file gives it.

The text comes from a converted Word file: paragraphs are separated by blank lines, page breaks split some
paragraphs in two, and Markdown asterisks mark bold and italic. ``parse_plan`` undoes both and returns the
plan's parts; it invents nothing, so a blank number or day stays blank.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field


@dataclass
class PlanText:
    number: str = ""
    symbol: str = ""
    place: str = ""
    dated: str = ""
    title: str = ""
    theme: str = ""
    legal_basis: list[str] = field(default_factory=list)
    preamble: str = ""
    purpose: str = ""
    requirements: str = ""
    contents_intro: str = ""
    contents: list[tuple[int, str, str]] = field(default_factory=list)
    implementation: str = ""
    submission_clause: str = ""
    submission_due_on: datetime.date | None = None
    distribution: list[tuple[str, str, int]] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""


_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI)\.\s")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$", re.S)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, with page-break splits joined and Markdown emphasis removed."""
    raw = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("*", "")) if p.strip()]
    joined: list[str] = []
    for para in raw:
        if joined and (joined[-1].endswith(",") or para[0].islower()):
            joined[-1] = f"{joined[-1]} {para}"
        else:
            joined.append(para)
    return joined


def _first_clause(body: str) -> str:
    match = re.search(r"[;.]", body)
    return (body[: match.start()] if match else body).strip()[:500]


def _index(paras: list[str], predicate, start: int = 0) -> int:
    for i in range(start, len(paras)):
        if predicate(paras[i]):
            return i
    raise ValueError("plan text lacks an expected section")


def parse_plan(text: str) -> PlanText:
    paras = paragraphs(text)
    plan = PlanText()

    ref = paras[_index(paras, lambda p: p.startswith("Số:"))]
    number, _, symbol = ref.removeprefix("Số:").strip().partition("/")
    plan.number, plan.symbol = number.strip(), symbol.strip()
    dated = paras[_index(paras, lambda p: re.search(r", ngày .* năm \d{4}$", p) is not None)]
    plan.place, _, rest = dated.partition(", ")
    plan.dated = rest
    heading = _index(paras, lambda p: p == "KẾ HOẠCH")
    plan.title = paras[heading + 1]

    section_i = _index(paras, lambda p: p.startswith("I. "))
    preamble = paras[heading + 2 : section_i]
    plan.preamble = "\n\n".join(preamble)
    for para in preamble:
        if para.startswith("Thực hiện "):
            basis = re.match(r"Thực hiện (.+?”)\.", para)
            if basis:
                text_ = basis.group(1)
                plan.legal_basis.append(text_[0].upper() + text_[1:])
        theme = re.search(r"với chủ đề: (.+?) với các nội dung", para)
        if theme:
            plan.theme = theme.group(1).strip()

    purpose_at = _index(paras, lambda p: p == "1. Mục đích", section_i)
    requirements_at = _index(paras, lambda p: p == "2. Yêu cầu", purpose_at)
    section_ii = _index(paras, lambda p: p.startswith("II. "), requirements_at)
    plan.purpose = "\n\n".join(paras[purpose_at + 1 : requirements_at])
    plan.requirements = "\n\n".join(paras[requirements_at + 1 : section_ii])

    section_iii = _index(paras, lambda p: p.startswith("III. "), section_ii)
    body = paras[section_ii + 1 : section_iii]
    intro = [p for p in body if not _NUMBERED.match(p)]
    plan.contents_intro = "\n\n".join(intro)
    for para in body:
        match = _NUMBERED.match(para)
        if match:
            order, text_ = int(match.group(1)), match.group(2).strip()
            plan.contents.append((order, _first_clause(text_), text_))

    recipients_at = _index(paras, lambda p: p.startswith("Nơi nhận"), section_iii)
    implementation = paras[section_iii + 1 : recipients_at]
    plan.implementation = "\n\n".join(implementation)
    for para in implementation:
        due = re.search(r"chậm nhất ngày (\d{1,2})/(\d{1,2})/(\d{4})", para)
        if due:
            plan.submission_clause = para
            day, month, year = (int(x) for x in due.groups())
            plan.submission_due_on = datetime.date(year, month, day)

    tail = paras[recipients_at + 1 :]
    for line in tail[:-2]:
        for item in re.split(r"\s*(?=(?:^|\s)[-+]\s)", line):
            item = item.strip()
            if not item or item == "-":
                continue
            level = 0
            item = item.removeprefix("-").strip()
            if item.startswith("+"):
                level, item = 1, item.removeprefix("+").strip()
            item = item.rstrip(";.").rstrip(":").strip()
            if not item:
                continue
            purpose = ""
            purpose_match = re.match(r"^(.*?)\s*\(([^()]*)\)$", item)
            if purpose_match:
                item, purpose = purpose_match.group(1), purpose_match.group(2)
            plan.distribution.append((item, purpose, level))
    plan.signer_title, plan.signer_name = tail[-2], tail[-1]
    return plan
