"""The Chairman's decision on commendations (quyết định khen thưởng), as a DOCX in the NĐ 30/2020 layout.

The decision grants, in Điều 1, the titles and forms to the persons and collectives of its annex (the list after
the page break, one table per title or form); Điều 2 states the money that goes with each as a multiple of the base
salary (mức lương cơ sở), in words, without amounts (the base salary changes by decree); Điều 3 names who carries
it out. The words are Vietnamese like every official document; the helpers for the issuing body are shared with
the certificate.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from itertools import groupby

from thidua.core.text import fold

from .nd30 import OfficialDocument, add_run, date_words

PROVINCE_COMMITTEE = "Ủy ban nhân dân tỉnh"
RECIPIENT_WORDS = {"person": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
NAME_HEADERS = {"person": "Họ và tên", "collective": "Tên tập thể", "household": "Tên hộ gia đình"}
#: Cited only when no legal regime is on record for the signing day (the regime names its own texts).
LEGAL_BASIS = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
]
RECIPIENTS = ["Như Điều 3;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
              "Sở Nội vụ (Ban Thi đua - Khen thưởng);"]
ARCHIVE = "Lưu: VT, NC."
_OFFICES = ("chủ tịch", "phó chủ tịch", "giám đốc", "thủ trưởng")


# ----------------------------------------------------------------------------------------------------------------
# The issuing body (shared with the certificate)


def province_committee(on: datetime.date) -> tuple[str, str]:
    """The provincial People's Committee in office on ``on`` and its place name: ("Ủy ban nhân dân tỉnh Bắc
    Giang", "Bắc Giang").

    Provinces merge (Bắc Giang into Bắc Ninh on 1/7/2025), so the committee is the province unit valid that day: a
    unit's span starts at ``valid_from`` or, failing that, on the day a merger or renaming made it a successor.
    When two match, the one with a known start wins (the other merely has no recorded beginning). Two queries.
    """
    from thidua.org.enums import UnitKind
    from thidua.org.models import Unit, UnitLineage

    units = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("id"))
    starts: dict[int, datetime.date] = {}
    for target_id, effective_on in (UnitLineage.objects.filter(target__in=units)
                                    .values_list("target_id", "effective_on")):
        starts[target_id] = min(effective_on, starts.get(target_id, effective_on))
    candidates = []
    for unit in units:
        start = unit.valid_from or starts.get(unit.pk)
        if (start is None or start <= on) and (unit.valid_to is None or unit.valid_to >= on):
            candidates.append((start is not None, start or datetime.date.min, unit))
    if not candidates:
        return PROVINCE_COMMITTEE, ""
    unit = max(candidates, key=lambda c: (c[0], c[1], -c[2].pk))[2]
    return unit.name, place_of(unit.name)


def place_of(committee: str) -> str:
    """"Bắc Giang" from "Ủy ban nhân dân tỉnh Bắc Giang" (the words after the last "tỉnh" or "thành phố")."""
    folded = fold(committee)
    for word in ("tinh ", "thanh pho "):
        at = folded.rfind(word)
        if at >= 0:
            return committee[at + len(word):].strip()
    return ""


def authority_in_full(authority: str, committee: tuple[str, str]) -> str:
    """The catalog's "Chủ tịch Ủy ban nhân dân tỉnh" with the province's name: "Chủ tịch Ủy ban nhân dân tỉnh Bắc
    Giang". Authorities that already name their body are kept as given. ``committee`` is ``province_committee``'s
    answer."""
    authority = (authority or "").strip() or f"Chủ tịch {PROVINCE_COMMITTEE}"
    if fold(authority).endswith(fold(PROVINCE_COMMITTEE)) and committee[1]:
        return f"{authority} {committee[1]}"
    return authority


def issuing_body(authority: str, committee: tuple[str, str]) -> str:
    """The body whose header the decision carries: the authority without its office ("Chủ tịch ...", "Giám đốc
    ..."); the provincial committee when the authority is the Chairman or names no body."""
    body = authority_in_full(authority, committee)
    for office in _OFFICES:
        if fold(body).startswith(fold(office) + " "):
            body = body[len(office):].strip()
            break
    if fold(body).startswith(fold(PROVINCE_COMMITTEE)) or fold(body) in ("co quan, don vi", ""):
        return committee[0]
    return body


def office_of(authority: str) -> str:
    """"Chủ tịch" from "Chủ tịch Ủy ban nhân dân tỉnh" (the office in the signature block), else ""."""
    for office in _OFFICES:
        if fold(authority).startswith(fold(office) + " "):
            return authority.strip()[: len(office)]
    return ""


def signature_authority(authority: str, signer_title: str) -> str:
    """"KT. CHỦ TỊCH" when a deputy signs for the Chairman (NĐ 30/2020, Phụ lục I, "Chức vụ, họ tên và chữ ký":
    "KT." for a deputy signing on behalf of the head); "" when the head signs."""
    office = office_of(authority)
    if office and fold(signer_title).startswith("pho ") and fold(signer_title) != fold(office):
        return f"KT. {office.upper()}"
    return ""


def roman(number: int) -> str:
    """1 → "I", 4 → "IV", 14 → "XIV" (the annex's sections)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def coefficient_words(value: Decimal) -> str:
    """"1,0 lần mức lương cơ sở"; "0,3"; "1,5"; "0,25" (a decimal comma, at least one decimal)."""
    value = Decimal(value)
    text = f"{value:.1f}" if value == value.quantize(Decimal("0.1")) else f"{value.normalize():f}"
    return f"{text.replace('.', ',')} lần mức lương cơ sở"


# ----------------------------------------------------------------------------------------------------------------
# The decision


def _proposers(decision) -> list[str]:
    """The units whose dossiers the decision answers, in order of the dossiers (one query)."""
    from thidua.awards.models import Nomination

    names = (Nomination.objects.filter(items__award__decision=decision).order_by("id")
             .values_list("unit__name", flat=True))
    return list(dict.fromkeys(names))


def _summary(awards: Sequence) -> str:
    years = sorted({award.year for award in awards})
    if len(years) == 1:
        return f"Về việc khen thưởng thành tích năm {years[0]}"
    return "Về việc khen thưởng"


def _type_label(award_type) -> str:
    return f"Danh hiệu {award_type.name}" if award_type.kind == "title" else award_type.name


def _groups(awards: Sequence) -> list[tuple[object, list]]:
    ordered = sorted(awards, key=lambda a: (a.award_type.order, a.award_type.code, a.pk))
    return [(award_type, list(rows)) for award_type, rows in groupby(ordered, key=lambda a: a.award_type)]


def _unit_column(award, parents: dict[int, str]) -> str:
    """The unit of a person; for a collective, the body it belongs to (empty when none)."""
    if award.unit_id is None:
        return ""
    if award.person_id:
        return award.unit.name
    return parents.get(award.unit.parent_id, "")


def _parent_names(awards: Sequence) -> dict[int, str]:
    from thidua.org.models import Unit

    ids = {award.unit.parent_id for award in awards if award.unit_id and not award.person_id}
    ids.discard(None)
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _article(doc: OfficialDocument, number: int, text: str) -> None:
    """"Điều 1. ..." with the label in bold (NĐ 30/2020, Phụ lục I: "Điều" and its number bold)."""
    paragraph = doc.add_paragraph()
    add_run(paragraph, f"Điều {number}. ", bold=True)
    add_run(paragraph, text)


def render_decision(decision, awards: Sequence, *, law) -> bytes:
    """``decision`` is a ``Decision``; ``awards`` its awards with ``award_type``, ``person`` and ``unit`` loaded
    (``selectors.decision_awards``)."""
    awards = list(awards)
    signed_on = decision.signed_on  # None while the draft awaits its signature: the date is left blank
    committee = province_committee(signed_on or datetime.date.today())
    authority = authority_in_full(decision.issuing_authority, committee)
    body = issuing_body(decision.issuing_authority, committee)
    groups = _groups(awards)
    reference = f"{decision.number}/{decision.symbol}"

    doc = OfficialDocument(title=f"Quyết định số {reference}", author=body)
    doc.add_header(issuer=body, number=decision.number, symbol=decision.symbol, place=place_of(body) or committee[1],
                   dated=signed_on)
    doc.add_title("QUYẾT ĐỊNH", _summary(awards))
    doc.add_centered(authority.upper(), bold=True, after=12)
    proposers = _proposers(decision)
    issuer_unit = getattr(decision, "issuer_unit", None)
    if issuer_unit is not None:
        proposers = [name for name in proposers if name != issuer_unit.name]  # its own council proposes (below)
    basis = list(law.basis or LEGAL_BASIS)
    if proposers:
        basis.append(f"Xét đề nghị của {', '.join(proposers)};")
    if issuer_unit is not None:
        # A unit's own decision (its head decides its grassroots titles and Giấy khen): its own council proposes.
        basis.append(f"Theo đề nghị của Hội đồng Thi đua - Khen thưởng {issuer_unit.name}.")
    else:
        basis.append("Theo đề nghị của Giám đốc Sở Nội vụ (Thường trực Hội đồng Thi đua - Khen thưởng tỉnh).")
    for line in basis:
        doc.add_paragraph(line, italic=True)
    doc.add_centered("QUYẾT ĐỊNH:", bold=True, before=6, after=6)

    _article(doc, 1, "Tặng danh hiệu thi đua, hình thức khen thưởng cho các cá nhân, tập thể có tên trong "
                      "danh sách kèm theo Quyết định này, cụ thể:")
    for number, (award_type, rows) in enumerate(groups):
        words = RECIPIENT_WORDS.get(award_type.recipient, "")
        doc.add_paragraph(f"- {_type_label(award_type)}: {len(rows):02d} {words} (mục {roman(number + 1)} của danh "
                          f"sách).")
    decree = law.decree or "Nghị định số 98/2023/NĐ-CP"
    _article(doc, 2, "Kèm theo danh hiệu thi đua, hình thức khen thưởng, các cá nhân, tập thể tại Điều 1 "
                      f"được thưởng tiền theo quy định của {decree}, bằng hệ số nhân với mức lương "
                      "cơ sở tại thời điểm ban hành Quyết định này:")
    for award_type, _rows in groups:
        coefficient = law.coefficients.get(award_type.pk, award_type.money_coefficient)
        if coefficient is not None:
            doc.add_paragraph(f"- {_type_label(award_type)}: {coefficient_words(coefficient)}.")
    doc.add_paragraph("Tiền thưởng chi từ Quỹ thi đua, khen thưởng theo quy định hiện hành.")
    if issuer_unit is not None:
        _article(doc, 3, f"Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các phòng, đơn vị thuộc "
                          f"{issuer_unit.name} và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành "
                          "Quyết định này./.")
        recipients = ["Như Điều 3;", "Sở Nội vụ (Ban Thi đua - Khen thưởng) (để b/c);"]
    else:
        _article(doc, 3, f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng {PROVINCE_COMMITTEE}, "
                          "Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có "
                          "tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
        recipients = RECIPIENTS
    doc.add_closing(signer_title=decision.signer_title,
                    authority=signature_authority(decision.issuing_authority, decision.signer_title),
                    signer_name=decision.signer_name, recipients=recipients, archive=ARCHIVE)

    doc.add_page_break()
    doc.add_centered("DANH SÁCH", bold=True)
    doc.add_centered("Cá nhân, tập thể được khen thưởng", bold=True)
    doc.add_centered(f"(Kèm theo Quyết định số {reference} {date_words(signed_on)} của {authority})", italic=True,
                     after=12)
    parents = _parent_names(awards)
    for number, (award_type, rows) in enumerate(groups):
        words = RECIPIENT_WORDS.get(award_type.recipient, "")
        doc.add_heading(f"{roman(number + 1)}. {_type_label(award_type)} ({len(rows):02d} {words})")
        name_header = NAME_HEADERS.get(award_type.recipient, NAME_HEADERS["person"])
        table_rows = [[str(index), award.recipient_name, _unit_column(award, parents), award.print_text]
                      for index, award in enumerate(rows, 1)]
        doc.add_table(["STT", name_header, "Đơn vị", "Nội dung"], table_rows, widths=[1.2, 4.5, 4.5, 6.3],
                      align=["center", "left", "left", "left"])
    return doc.to_bytes()


def file_name(decision) -> str:
    if decision.signed_on is None:
        return f"du-thao-quyet-dinh-{decision.pk}.docx"
    return f"quyet-dinh-{decision.number}-{decision.signed_on:%Y%m%d}.docx"
