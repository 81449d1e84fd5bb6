"""The decision on commendations (quyết định khen thưởng) of a People's Committee Chairman or of a unit's head, as a
DOCX in the NĐ 30/2020 layout.

The căn cứ are the texts in force on the signing day: first the one that gives the signer his competence (the law on
local government for a Chairman, the unit's founding text for a unit head: ``competence``), then the law and decree
of the legal regime in force (``selectors.decision_law``), then the office's own lines (``wording``), then the
proposal ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …"). Điều 1 grants the titles and forms of the annex
(the list after the page break, one table per title or form, each person with his position and unit, each item with
its achievement); Điều 2 states the money as a multiple of the base salary under the decree in force; Điều 3 names
who carries it out. The issuer is the body on the signing day (after a merger, the successor: ``org.naming``).

The document is a *context* (plain data) laid out by ``layout``, or by the office's Word template
(``documents.word``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from itertools import groupby

from thidua.core.text import fold

from . import word
from .models import DocumentKind
from .nd30 import OfficialDocument, add_run, date_line, date_words, number_line, recipient_lines

PROVINCE_COMMITTEE = "Ủy ban nhân dân tỉnh"
RECIPIENT_WORDS = {"person": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
NAME_HEADERS = {"person": "Họ và tên", "collective": "Tên tập thể", "household": "Tên hộ gia đình"}
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
    unit = province_unit(on)
    if unit is None:
        return PROVINCE_COMMITTEE, ""
    return unit.name, place_of(unit.name)


def province_unit(on: datetime.date):
    """The province's People's Committee unit in office on ``on`` (None when none is on record). Two queries."""
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
        return None
    return max(candidates, key=lambda c: (c[0], c[1], -c[2].pk))[2]


def place_of(committee: str) -> str:
    """"Bắc Giang" from "Ủy ban nhân dân tỉnh Bắc Giang" (the words after the last "tỉnh" or "thành phố")."""
    folded = fold(committee)
    for prefix in ("tinh ", "thanh pho "):
        at = folded.rfind(prefix)
        if at >= 0:
            return committee[at + len(prefix):].strip()
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
# The decision: its context (plain data), then the layout


OFFICE_HEAD = "Giám đốc Sở Nội vụ"  # the council office's head, who proposes a Chairman's commendations
OFFICE_SYMBOL = "TTr-SNV"


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


def annex_order(awards: Sequence) -> list:
    """The awards in the order the annex lists them (by title or form, then as granted): the certificates of a
    decision print in this order."""
    return [award for _type, rows in _groups(awards) for award in rows]


def achievement_of(award) -> str:
    """The achievement line the annex and the certificate print ("Đã có thành tích …"); never the name again."""
    text = (getattr(award, "print_text", "") or "").strip()
    if not text or fold(text) == fold(award.recipient_name or ""):
        return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {award.year}"
    return text


def _positions(awards: Sequence, on: datetime.date) -> dict[int, str]:
    """Each person's position on ``on`` in the unit of the award (one query)."""
    from django.db.models import Q

    from thidua.org.models import Employment

    people = {award.person_id for award in awards if getattr(award, "person_id", None)}
    if not people:
        return {}
    out: dict[int, str] = {}
    rows = (Employment.objects.filter(person_id__in=people, started_on__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on)).order_by("started_on", "id")
            .values_list("person_id", "position"))
    for person_id, position in rows:
        if position:
            out[person_id] = position
    return out


def _proposal_line(decision, issuer_unit) -> str:
    """"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 15/TTr-SNV ngày 12/01/2022." (the number and date
    left for the clerk when not on record)."""
    number = (getattr(decision, "proposal_number", "") or "").strip()
    on = getattr(decision, "proposal_on", None)
    dated = f"ngày {on:%d/%m/%Y}" if on else "ngày ..../..../........"
    if issuer_unit is not None:
        who = f"Hội đồng Thi đua - Khen thưởng {issuer_unit.name}"
        return f"Theo đề nghị của {who} tại Tờ trình số {number} {dated}." if number else f"Theo đề nghị của {who}."
    reference = number or f"......../{OFFICE_SYMBOL}"
    return f"Theo đề nghị của {OFFICE_HEAD} tại Tờ trình số {reference} {dated}."


def _place(unit) -> str:
    """The place name of the date line: "Bắc Giang" for the province and its departments, "Hiệp Hòa" for a
    district's committee (NĐ 30/2020, Phụ lục I, mục II.5)."""
    from thidua.org.naming import place_words, split_committee

    head, rest = split_committee(unit.name)
    words = place_words(rest) if head else ""
    if words:
        for prefix in ("thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã ", "xã ", "phường ", "thị trấn "):
            if fold(words).startswith(fold(prefix)):
                return words[len(prefix):].strip()
    return ""


def decision_context(decision, awards: Sequence, *, law, wording=None) -> dict:
    """Everything the decision prints, as plain data. ``awards`` have ``award_type``, ``person`` and ``unit``
    loaded (``selectors.decision_awards``); ``law`` is ``selectors.decision_law``; ``wording`` the office's
    (``wording.wording_for``; by default the one in use for the decision's kind)."""
    from thidua.org.naming import header_lines, unit_on

    from .competence import local_government_law, unit_competence
    from .wording import wording_for

    awards = list(awards)
    signed_on = decision.signed_on  # None while the draft awaits its signature: the date is left blank
    on = signed_on or datetime.date.today()
    issuer_unit = getattr(decision, "issuer_unit", None)
    kind = DocumentKind.UNIT_DECISION if issuer_unit is not None else DocumentKind.DECISION
    wording = wording or wording_for(kind)
    committee = province_committee(on)
    province = province_unit(on)
    authority = authority_in_full(decision.issuing_authority, committee)
    if issuer_unit is not None:
        above, issuer_lines = header_lines(issuer_unit, on)
        issuer_now = unit_on(issuer_unit, on)
        competence = unit_competence(issuer_now, committee[0] if issuer_now.parent_id else "")
        place = _place(issuer_now) or committee[1]
    else:
        above, issuer_lines = header_lines(province, on) if province else ("", [committee[0]])
        competence = local_government_law(on)
        place = committee[1]
    reference = f"{decision.number}/{decision.symbol}"
    basis = [line for line in [competence, *law.basis, *wording.basis] if line]
    basis = [line if line.startswith("Căn cứ") else f"Căn cứ {line}" for line in basis]
    basis = [line if line.endswith((";", ".", ",")) else f"{line};" for line in basis]
    basis.append(_proposal_line(decision, issuer_unit))

    groups = _groups(awards)
    article1 = [f"- {_type_label(t)}: {len(rows):02d} {RECIPIENT_WORDS.get(t.recipient, '')} (mục {roman(i + 1)} của "
                f"danh sách)." for i, (t, rows) in enumerate(groups)]
    decree = law.decree or "quy định hiện hành"
    article2 = []
    for award_type, _rows in groups:
        coefficient = law.coefficients.get(award_type.pk, award_type.money_coefficient)
        if coefficient is not None:
            article2.append(f"- {_type_label(award_type)}: {coefficient_words(coefficient)}.")
    if issuer_unit is not None:
        fund = f"Quỹ thi đua, khen thưởng của {issuer_unit.name}"
        article3 = (f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc "
                    f"{issuer_unit.name} và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
                    "định này./.")
    else:
        fund = "Quỹ thi đua, khen thưởng của tỉnh"
        article3 = (f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng {PROVINCE_COMMITTEE}, {OFFICE_HEAD}, "
                    "Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách "
                    "nhiệm thi hành Quyết định này./.")

    from thidua.org.naming import NameBook

    book = NameBook(on)
    book.prime([award.unit for award in awards if award.unit_id])
    names = book.full_name
    positions = _positions(awards, on)
    sections = []
    for number, (award_type, rows) in enumerate(groups):
        items = []
        for index, award in enumerate(rows, 1):
            unit = award.unit if award.unit_id else None
            if award.person_id:
                name = award.recipient_name
                where = ", ".join(p for p in (positions.get(award.person_id, ""),
                                              names(unit) if unit is not None else "") if p)
            else:
                name = names(unit) if unit is not None else award.recipient_name
                where = ""
            items.append({"stt": str(index), "name": name, "unit": where, "achievement": achievement_of(award)})
        sections.append({
            "heading": f"{roman(number + 1)}. {_type_label(award_type)} ({len(rows):02d} "
                       f"{RECIPIENT_WORDS.get(award_type.recipient, '')})",
            "name_header": NAME_HEADERS.get(award_type.recipient, NAME_HEADERS["person"]),
            "unit_header": "Chức vụ, đơn vị" if award_type.recipient == "person" else "Trực thuộc",
            "rows": items,
        })
    return {
        "issuer_above": above, "issuer_lines": issuer_lines,
        "number_line": number_line(decision.number or None, decision.symbol),
        "number": decision.number, "symbol": decision.symbol, "reference": reference,
        "place_date": date_line(place, signed_on), "date_words": date_words(signed_on),
        "summary": _summary(awards), "authority": authority.upper(), "authority_words": authority,
        "basis": basis,
        "article1_intro": "Tặng danh hiệu thi đua, hình thức khen thưởng cho các cá nhân, tập thể có tên trong danh "
                          "sách kèm theo Quyết định này, cụ thể:",
        "article1": article1,
        "article2_intro": "Kèm theo danh hiệu thi đua, hình thức khen thưởng, các cá nhân, tập thể tại Điều 1 được "
                          f"thưởng tiền theo quy định của {decree}, bằng hệ số nhân với mức lương cơ sở tại thời "
                          "điểm ban hành Quyết định này:",
        "article2": article2,
        "article2_fund": f"Tiền thưởng chi từ {fund} theo quy định hiện hành.",
        "article3": article3,
        "signer_authority": signature_authority(decision.issuing_authority, decision.signer_title),
        "signer_title": (decision.signer_title or wording.signer_title).upper(),
        "signer_name": decision.signer_name or wording.signer_name,
        "recipients": recipient_lines(wording.recipients, archive=wording.archive),
        "annex_caption": f"(Kèm theo Quyết định số {reference} {date_words(signed_on)} của {authority})",
        "sections": sections,
        "wording_version": wording.version,
    }


def _article(doc: OfficialDocument, number: int, text: str) -> None:
    """"Điều 1. ..." with the label in bold (NĐ 30/2020, Phụ lục I: "Điều" and its number bold)."""
    paragraph = doc.add_paragraph()
    add_run(paragraph, f"Điều {number}. ", bold=True)
    add_run(paragraph, text)


def layout(ctx: dict) -> bytes:
    """The decision laid out from its context (or from the placeholders: the default Word template)."""
    doc = OfficialDocument(title=f"Quyết định số {ctx['reference']}", author=" ".join(ctx["issuer_lines"]))
    doc.add_header(issuer=ctx["issuer_lines"], issuer_parent=ctx["issuer_above"], number_text=ctx["number_line"],
                   date_text=ctx["place_date"])
    doc.add_title("QUYẾT ĐỊNH", ctx["summary"])
    doc.add_centered(ctx["authority"], bold=True, after=12)
    for line in ctx["basis"]:
        doc.add_paragraph(line, italic=True)
    doc.add_centered("QUYẾT ĐỊNH:", bold=True, before=6, after=6)
    _article(doc, 1, ctx["article1_intro"])
    for line in ctx["article1"]:
        doc.add_paragraph(line)
    _article(doc, 2, ctx["article2_intro"])
    for line in ctx["article2"]:
        doc.add_paragraph(line)
    doc.add_paragraph(ctx["article2_fund"])
    _article(doc, 3, ctx["article3"])
    doc.add_closing(signer_title=ctx["signer_title"], authority=ctx["signer_authority"],
                    signer_name=ctx["signer_name"], recipients=ctx["recipients"], recipients_formatted=True)

    doc.add_page_break()
    doc.add_centered("DANH SÁCH", bold=True)
    doc.add_centered("Cá nhân, tập thể được khen thưởng", bold=True)
    doc.add_centered(ctx["annex_caption"], italic=True, after=12)
    for section in ctx["sections"]:
        if "tag_open" in section:
            doc.add_paragraph(section["tag_open"], indent=False)
        doc.add_heading(section["heading"])
        rows = [[row["stt"], row["name"], row["unit"], row["achievement"]] for row in section["rows"]]
        doc.add_table(["STT", section["name_header"], section["unit_header"], "Thành tích"], rows,
                      widths=[1.2, 4.3, 4.7, 6.3], align=["center", "left", "left", "left"])
        if "tag_close" in section:
            doc.add_paragraph(section["tag_close"], indent=False)
    return doc.to_bytes()


def _loop(name: str, item: str = "line") -> list[str]:
    return [f"{{%p for {item} in {name} %}}", f"{{{{ {item} }}}}", "{%p endfor %}"]


def placeholders() -> dict:
    """The context with docxtpl fields: ``layout(placeholders())`` is the default Word template."""
    row = {"stt": "{{ r.stt }}", "name": "{{ r.name }}", "unit": "{{ r.unit }}", "achievement": "{{ r.achievement }}"}
    return {
        "issuer_above": "{{ issuer_above }}", "issuer_lines": ["{{ issuer_lines|join(' ') }}"],
        "number_line": "{{ number_line }}", "reference": "{{ reference }}", "place_date": "{{ place_date }}",
        "summary": "{{ summary }}", "authority": "{{ authority }}", "basis": _loop("basis"),
        "article1_intro": "{{ article1_intro }}", "article1": _loop("article1"),
        "article2_intro": "{{ article2_intro }}", "article2": _loop("article2"),
        "article2_fund": "{{ article2_fund }}", "article3": "{{ article3 }}",
        "signer_authority": "{{ signer_authority }}", "signer_title": "{{ signer_title }}",
        "signer_name": "{{ signer_name }}", "recipients": _loop("recipients"),
        "annex_caption": "{{ annex_caption }}",
        "sections": [{
            "tag_open": "{%p for s in sections %}", "tag_close": "{%p endfor %}",
            "heading": "{{ s.heading }}", "name_header": "{{ s.name_header }}", "unit_header": "{{ s.unit_header }}",
            "rows": [{"stt": "{%tr for r in s.rows %}", "name": "", "unit": "", "achievement": ""}, row,
                     {"stt": "{%tr endfor %}", "name": "", "unit": "", "achievement": ""}],
        }],
    }


FIELDS = {
    "issuer_lines": "Tên cơ quan ban hành (các dòng)", "number_line": "Số, ký hiệu",
    "place_date": "Địa danh, ngày tháng",
    "summary": "Trích yếu", "authority": "Thẩm quyền ban hành", "basis": "Các căn cứ",
    "article1": "Điều 1: các danh hiệu, hình thức", "article2": "Điều 2: mức tiền thưởng", "article3": "Điều 3",
    "signer_title": "Chức vụ người ký", "signer_name": "Họ tên người ký", "recipients": "Nơi nhận",
    "sections": "Danh sách kèm theo",
}
OPTIONAL = {
    "issuer_above": "Cơ quan chủ quản", "reference": "Số/ký hiệu", "article1_intro": "Lời dẫn Điều 1",
    "article2_intro": "Lời dẫn Điều 2", "article2_fund": "Nguồn chi", "signer_authority": "Quyền hạn ký (KT.)",
    "annex_caption": "Dòng kèm theo Quyết định", "date_words": "Ngày tháng bằng chữ", "number": "Số",
    "symbol": "Ký hiệu", "authority_words": "Thẩm quyền (chữ thường)",
}
for _kind in (DocumentKind.DECISION, DocumentKind.UNIT_DECISION):
    word.register(word.Spec(kind=_kind, layout=layout, placeholders=placeholders, required=FIELDS, optional=OPTIONAL))


def render_decision(decision, awards: Sequence, *, law, wording=None) -> bytes:
    """``decision`` is a ``Decision``; ``awards`` its awards with ``award_type``, ``person`` and ``unit`` loaded
    (``selectors.decision_awards``)."""
    ctx = decision_context(decision, awards, law=law, wording=wording)
    kind = DocumentKind.UNIT_DECISION if getattr(decision, "issuer_unit", None) is not None else DocumentKind.DECISION
    return word.render(kind, ctx)


def file_name(decision) -> str:
    if decision.signed_on is None:
        return f"du-thao-quyet-dinh-{decision.pk}.docx"
    return f"quyet-dinh-{decision.number}-{decision.signed_on:%Y%m%d}.docx"
