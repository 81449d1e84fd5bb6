"""The văn thư's check (tests/documents/doccheck.py) run on every DOCX the demo gives: each decision (the province's,
the unit's own, the draft awaiting its signature, one signed after the merger), each deadline report, and the
minutes of each council meeting and vote count. Layout and content are read from the files."""

import datetime

import pytest

from tests.documents import doccheck
from thidua.awards.models import Award, AwardType, Decision
from thidua.awards.selectors import decision_document
from thidua.core.text import fold

pytestmark = pytest.mark.django_db

LAW_2003 = "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;"
LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"


def _texts_in_force(on: datetime.date) -> tuple[list[str], list[str]]:
    """(must be cited, must not be cited) on ``on``, as read in the texts (docs/law/)."""
    if on < datetime.date(2024, 1, 1):
        return [LAW_2003, "91/2017/NĐ-CP"], [LAW_2022, "98/2023/NĐ-CP", "152/2025/NĐ-CP"]
    if on < datetime.date(2025, 7, 1):
        return [LAW_2022, "98/2023/NĐ-CP"], [LAW_2003, "91/2017/NĐ-CP", "152/2025/NĐ-CP"]
    return [LAW_2022, "152/2025/NĐ-CP"], [LAW_2003, "91/2017/NĐ-CP", "98/2023/NĐ-CP"]


def _check_decision(decision: Decision, *, on: datetime.date, province: str) -> None:
    content, _name = decision_document(decision=decision)
    assert doccheck.check_layout(content) == []
    doc = doccheck.read(content)
    basis = doc.basis()
    joined = " ".join(basis)
    must, must_not = _texts_in_force(on)
    for text in must:
        assert text in joined, (decision, text)
    for text in must_not:
        assert text not in joined, (decision, text)
    # The competence comes first.
    if decision.issuer_unit_id is None:
        assert basis[0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương"), basis[0]
        assert doc.issuer_lines == ["ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}"]
        assert doc.place_date.startswith(f"{province}, ")
    else:
        assert "chức năng, nhiệm vụ, quyền hạn" in basis[0] or fold(decision.issuer_unit.competence_basis) in fold(
            basis[0])
        assert doc.superior_line == f"UBND TỈNH {province.upper()}"
        assert doc.issuer_lines == [decision.issuer_unit.name.upper()]
    assert basis[-1].startswith("Theo đề nghị của")
    # The annex prints achievements, not names.
    annex = [table for table in doc.tables if doc.rows(table)[0][0] == "STT"]
    assert annex
    for table in annex:
        for row in doc.rows(table)[1:]:
            assert row[3] and fold(row[3]) != fold(row[1]), row
            assert row[3].startswith("Đã"), row


def test_every_demo_decision_passes_the_desk_check(demo):
    decisions = list(Decision.objects.select_related("issuer_unit").order_by("id"))
    assert len(decisions) >= 4
    for decision in decisions:
        on = decision.signed_on or datetime.date.today()
        _check_decision(decision, on=on, province="Bắc Giang" if on < datetime.date(2025, 7, 1) else "Bắc Ninh")


def test_a_decision_signed_in_august_2025_passes_under_the_merged_province(demo):
    from thidua.org.models import Unit, UnitLineage

    decision = Decision.objects.create(number="215", symbol="QĐ-UBND", signed_on=datetime.date(2025, 8, 20),
                                       signer_name="Nguyễn Văn Phong", signer_title="Chủ tịch",
                                       issuing_authority="Chủ tịch Ủy ban nhân dân tỉnh")
    unit = Unit.objects.get(code="SYT")
    Award.objects.create(award_type=AwardType.objects.get(code="BK_TT"), unit=unit, year=2025, decision=decision,
                         decision_reference=decision.reference, recipient_name=unit.name,
                         print_text="Đã có thành tích xuất sắc trong công tác y tế năm 2025", search_text="so y te")
    assert UnitLineage.objects.filter(target__name__endswith="Bắc Ninh").exists()
    _check_decision(decision, on=decision.signed_on, province="Bắc Ninh")
    doc = doccheck.read(decision_document(decision=decision)[0])
    rows = doccheck.Doc.rows(doc, doc.tables[0])
    assert rows[1][1] == "Sở Y tế tỉnh Bắc Ninh"  # the collective's full name on the day


def test_every_deadline_report_passes_the_desk_check(demo):
    from thidua.accounts.models import User
    from thidua.campaigns.models import Deadline
    from thidua.campaigns.reports import deadline_report_data
    from thidua.documents.award_decision import province_committee
    from thidua.documents.deadline_report import render_docx

    office = User.objects.get(username="vanphong")
    deadlines = list(Deadline.objects.all())
    assert deadlines
    today = datetime.date.today()
    province = province_committee(today)[1]
    for deadline in deadlines:
        content = render_docx(deadline_report_data(user=office, deadline=deadline))
        assert doccheck.check_layout(content, symbol="BC-SNV") == [], deadline
        doc = doccheck.read(content)
        # Issued by Sở Nội vụ under the province as it is on the day of the report.
        assert doc.superior_line == f"UBND TỈNH {province.upper()}"
        assert doc.issuer_lines == ["SỞ NỘI VỤ"]
        assert doc.place_date.startswith(f"{province}, ")


def test_every_minutes_of_a_meeting_and_of_a_vote_count_passes_the_desk_check(demo):
    from thidua.awards.models import CouncilMeeting
    from thidua.documents.meeting_minutes import render_meeting_minutes
    from thidua.documents.vote_minutes import render_minutes
    from thidua.evaluation.models import VotingRound

    meetings = list(CouncilMeeting.objects.select_related("council__unit").order_by("id"))
    rounds = list(VotingRound.objects.select_related("cluster__head_unit", "meeting__council__unit").order_by("id"))
    assert meetings and any(r.cluster_id for r in rounds) and any(r.meeting_id for r in rounds)
    for meeting in meetings:
        content = render_meeting_minutes(meeting)
        assert doccheck.check_layout(content, symbol="BB-HĐTĐKT") == [], meeting
        doc = doccheck.read(content)
        text = " ".join(doc.paragraphs)
        # Begun and ended, the chair and the secretary by name, and both sign with their names.
        assert "bắt đầu lúc" in text.lower() and "kết thúc" in text.lower()
        assert meeting.chair.full_name in text and meeting.chair.full_name in doc.signature
        assert meeting.secretary is None or meeting.secretary.full_name in doc.signature
        for member in meeting.present.all():
            assert member.full_name in text, member
    for voting_round in rounds:
        content = render_minutes(voting_round)
        if voting_round.cluster_id:
            from thidua.org.naming import symbol_of

            symbol = f"BB-{symbol_of(voting_round.cluster.head_unit)}"
        else:
            symbol = "BB-HĐTĐKT"
        assert doccheck.check_layout(content, symbol=symbol) == [], voting_round


def test_the_desk_check_catches_what_a_clerk_would_send_back():
    """The check itself: a sound document passes; each fault put into it is named."""
    import io

    import docx as python_docx
    from docx.oxml.ns import qn

    from thidua.documents.nd30 import OfficialDocument

    def build() -> OfficialDocument:
        doc = OfficialDocument()
        doc.add_header(issuer=["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"], number=5, symbol="QĐ-UBND", place="Bắc Giang",
                       dated=datetime.date(2022, 1, 5))
        doc.add_title("QUYẾT ĐỊNH", "Về việc khen thưởng")
        doc.add_paragraph("Nội dung.")
        doc.add_closing(signer_title="CHỦ TỊCH", signer_name="Lê Ánh Dương", recipients=["Như Điều 3"])
        return doc

    assert doccheck.check_layout(build().to_bytes(), symbol="QĐ-UBND") == []

    def faults_after(change) -> list[str]:
        document = python_docx.Document(io.BytesIO(build().to_bytes()))
        change(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return doccheck.check_layout(buffer.getvalue(), symbol="QĐ-UBND")

    def may_split(document):
        closing = document.tables[-1]
        tr_pr = closing.rows[0]._tr.trPr
        tr_pr.remove(tr_pr.find(qn("w:cantSplit")))

    def long_rule(document):
        rule = next(p for p in document.tables[0].rows[0].cells[0].paragraphs
                    if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None)
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = 0

    def arial(document):
        document.paragraphs[-1].add_run("x").font.name = "Arial"

    assert "the signature block may split across pages" in faults_after(may_split)
    assert any(f.startswith("the rule under the issuing body") for f in faults_after(long_rule))
    assert "a run uses the font Arial" in faults_after(arial)
    assert any(f.startswith("symbol is not") for f in doccheck.check_layout(build().to_bytes(), symbol="BC-SNV"))


def test_a_decisions_document_reads_the_same_number_of_queries_for_3_units_or_12(demo):
    """The names of the units on the day are read in batches (``NameBook``), not per unit of the annex."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.org.enums import UnitKind
    from thidua.org.models import Unit

    units = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("id")[:12])
    bang_khen = AwardType.objects.get(code="BK_TT")

    def queries(count: int) -> int:
        decision = Decision.objects.create(number=str(300 + count), symbol="QĐ-UBND",
                                           signed_on=datetime.date(2025, 8, 20), signer_name="Nguyễn Văn Phong",
                                           signer_title="Chủ tịch", issuing_authority="Chủ tịch Ủy ban nhân dân tỉnh")
        for unit in units[:count]:
            Award.objects.create(award_type=bang_khen, unit=unit, year=2025, decision=decision,
                                 decision_reference=decision.reference, recipient_name=unit.name,
                                 print_text="Đã có thành tích xuất sắc", search_text=fold(unit.name))
        with CaptureQueriesContext(connection) as captured:
            content, _name = decision_document(decision=decision)
        names = [doccheck.Doc.rows(doccheck.read(content), t)[1:] for t in doccheck.read(content).tables]
        assert sum(len(rows) for rows in names) == count
        return len(captured)

    assert queries(3) == queries(12)
