"""The minutes of a council meeting (biên bản họp Hội đồng Thi đua - Khen thưởng), as a DOCX in the NĐ 30/2020
layout.

They give when the meeting began and ended and where, who chaired and who took the minutes, the members present
(by name, position and role on the council), those absent who sent a written opinion and the others absent, the
agenda, whether the quorum was met, and for each secret vote of the meeting, each nominee's ballots issued,
returned, valid and invalid, the votes for and their share of all the council's members against the title's
threshold; then the conclusion, the closing sentence, the signatures of the secretary and the chair, and "Nơi
nhận". A vote still open shows its nominees only: no count is shown before the close.

The document is a *context* (plain data) laid out by ``layout``, or by the office's Word template
(``documents.word``).
"""

from __future__ import annotations

from . import word
from .minutes_common import (
    COUNCIL_SYMBOL,
    add_count_table,
    add_lines,
    add_recipients,
    add_signatures,
    board_members,
    close_list,
    council_issuer,
    count_placeholders,
    day_words,
    loop,
    percent,
    place_name,
    share,
    time_words,
    two,
)
from .models import DocumentKind
from .nd30 import OfficialDocument, date_line, number_line, recipient_lines

ROLE_WORDS = {"chair": "Chủ tịch Hội đồng", "vice_chair": "Phó Chủ tịch Hội đồng", "member": "Ủy viên Hội đồng"}


def member_words(member) -> str:
    """"Lê Ánh Dương, Chủ tịch UBND tỉnh, Chủ tịch Hội đồng"."""
    parts = [member.full_name, member.position, ROLE_WORDS.get(member.role, "")]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def ballots_of(voting_round, result) -> dict:
    """Ballots issued, returned, valid and invalid in a meeting's round, and the sentence saying where they come
    from. Online: issued = the members entitled to vote, returned = the ballots cast, none invalid (the system
    takes no spoilt ballot). On paper: as the meeting's minutes count them, one ballot to each member present or
    with a written opinion."""
    meeting = voting_round.meeting
    if meeting.outside_system:
        issued = returned = result.voted
        note = (f"Cuộc họp tổ chức ngoài hệ thống, số liệu theo biên bản họp đã lưu kèm: phát ra {two(issued)} "
                "phiếu cho các thành viên có mặt và có ý kiến bằng văn bản, thu về "
                f"{two(returned)} phiếu, {two(returned)} phiếu hợp lệ, không có phiếu không hợp lệ.")
    else:
        issued, returned = voting_round.electorate_size, result.voted
        note = (f"Bỏ phiếu kín trên hệ thống: số phiếu phát ra là số thành viên Hội đồng có quyền bỏ phiếu "
                f"({two(issued)}); số phiếu thu về là số thành viên đã bỏ phiếu ({two(returned)}); phiếu bỏ trên hệ "
                "thống không có phiếu không hợp lệ (00).")
    return {"issued": issued, "returned": returned, "valid": returned, "invalid": 0, "note": note}


def round_rows(voting_round, result) -> tuple[list[dict], dict]:
    """The count's rows of a closed meeting round (see ``minutes_common.COUNT_COLUMNS``) and its ballots."""
    ballots = ballots_of(voting_round, result)
    rows = []
    for index, c in enumerate(result.candidates, 1):
        rows.append({
            "stt": str(index), "name": c.name, "award": c.award_type,
            "issued": two(ballots["issued"]), "returned": two(ballots["returned"]), "valid": two(ballots["valid"]),
            "invalid": two(ballots["invalid"]), "votes": two(c.votes), "share": share(c.votes, result.members),
            "threshold": percent(c.threshold_percent), "verdict": "Đạt" if c.passed else "Không đạt",
        })
    return rows, ballots


def _absent(meeting, present, written) -> list:
    from thidua.awards.council import members_of

    seen = {m.pk for m in present} | {m.pk for m in written}
    count = max(0, meeting.member_count - len(present) - len(written))
    return [m for m in members_of(meeting.council) if m.pk not in seen][:count]


def meeting_context(meeting, *, wording=None) -> dict:
    """Everything the minutes of ``meeting`` print, as plain data."""
    from thidua.awards.council import meeting_round_result
    from thidua.evaluation.models import VotingRound

    from .wording import wording_for

    wording = wording or wording_for(DocumentKind.MEETING_MINUTES)
    council = meeting.council
    day = meeting.held_on
    above, own = council_issuer(council.unit, day)
    present = list(meeting.present.order_by("order", "id"))
    written = list(meeting.written_opinions.order_by("order", "id"))
    absent = _absent(meeting, present, written)
    absent_count = max(0, meeting.member_count - len(present) - len(written))
    chair, secretary = meeting.chair, meeting.secretary

    attendance = [f"Thành viên Hội đồng có mặt: {two(len(present))}/{two(meeting.member_count)} thành viên, gồm:"]
    attendance += close_list([f"{i}. {member_words(m)};" for i, m in enumerate(present, 1)])
    if written:
        attendance.append(f"Thành viên vắng mặt có ý kiến bằng văn bản: {two(len(written))} thành viên, gồm:")
        attendance += close_list([f"{i}. {member_words(m)};" for i, m in enumerate(written, 1)])
    else:
        attendance.append("Thành viên vắng mặt có ý kiến bằng văn bản: không có.")
    if absent_count:
        names = "; ".join(member_words(m) for m in absent)
        attendance.append(f"Thành viên vắng mặt không có ý kiến: {two(absent_count)} thành viên"
                          + (f" ({names})." if names else "."))
    else:
        attendance.append("Thành viên vắng mặt không có ý kiến: không có.")

    rounds, conclusion, agenda_default = [], [], []
    for number, voting_round in enumerate(VotingRound.objects.filter(meeting=meeting).order_by("id"), 1):
        result = meeting_round_result(voting_round)
        names = ", ".join(f"{c.name} ({c.award_type})" for c in result.candidates)
        agenda_default.append(f"Bỏ phiếu kín đề nghị khen thưởng đối với: {names}.")
        heading = f"{number}. Kết quả bỏ phiếu kín lần {number}"
        if not result.closed:
            rounds.append({"heading": heading, "lines": [
                f"Cuộc bỏ phiếu kín đối với {names} chưa kết thúc; kết quả kiểm phiếu được ghi khi kết thúc."],
                "rows": []})
            continue
        rows, ballots = round_rows(voting_round, result)
        board = board_members(voting_round.counting_board)
        board_lines = (["Ban kiểm phiếu gồm:", *close_list([f"{i}. {name}" + (f", {role}" if role else "") + ";"
                                                            for i, (name, role) in enumerate(board, 1)])]
                       if board else [])
        rounds.append({"heading": heading, "lines": [*board_lines,
            f"Số thành viên Hội đồng: {two(result.members)}; số phiếu phát ra: {two(ballots['issued'])}; số phiếu "
            f"thu về: {two(ballots['returned'])}; số phiếu hợp lệ: {two(ballots['valid'])}; số phiếu không hợp lệ: "
            f"{two(ballots['invalid'])}.", ballots["note"],
            "Tỷ lệ phiếu đồng ý tính trên tổng số thành viên Hội đồng, so với ngưỡng của từng danh hiệu, hình thức "
            "khen thưởng:"], "rows": rows})
        if not result.quorum_met:
            conclusion.append(f"Lần {number}: cuộc họp không đủ số thành viên tham dự theo quy định nên kết quả bỏ "
                              "phiếu không có giá trị.")
            continue
        passed = [c for c in result.candidates if c.passed]
        failed = [c for c in result.candidates if not c.passed]
        if passed:
            conclusion.append("Các trường hợp đạt tỷ lệ phiếu đồng ý theo quy định, Hội đồng thống nhất trình cấp có "
                              "thẩm quyền xem xét, quyết định khen thưởng: " + "; ".join(
                                  f"{c.name} ({c.award_type}, {two(c.votes)}/{two(result.members)} phiếu, "
                                  f"{share(c.votes, result.members)})" for c in passed) + ".")
        if failed:
            conclusion.append("Các trường hợp không đạt tỷ lệ phiếu đồng ý theo quy định: " + "; ".join(
                f"{c.name} ({c.award_type}, {two(c.votes)}/{two(result.members)} phiếu, "
                f"{share(c.votes, result.members)}, cần từ {percent(c.threshold_percent)} trở lên)"
                for c in failed) + ".")
    if not rounds:
        conclusion.append("Cuộc họp không tiến hành bỏ phiếu.")

    agenda_lines = [line.strip() for line in (meeting.agenda or "").splitlines() if line.strip()] or agenda_default
    quorum = (f"Có mặt {two(len(present))}/{two(meeting.member_count)} thành viên"
              + (f", {two(len(written))} thành viên vắng mặt có ý kiến bằng văn bản" if written else "")
              + (". Cuộc họp đủ điều kiện tiến hành theo quy định." if meeting.quorum_met else
                 ". Cuộc họp không đủ số thành viên tham dự theo quy định."))
    chair_title = "CHỦ TỊCH HỘI ĐỒNG" if chair.role == "chair" else "CHỦ TỌA"
    return {
        "issuer_above": above, "issuer_lines": own,
        "number_line": number_line(None, COUNCIL_SYMBOL), "symbol": COUNCIL_SYMBOL,
        "place_date": date_line(place_name(council.unit, day), day),
        "summary": f"Họp {council.name}",
        "time": f"Thời gian: bắt đầu lúc {time_words(meeting.started_at)}, ngày {day_words(day)}.",
        "place": f"Địa điểm: {meeting.place}.",
        "chair": f"Chủ trì: {member_words(chair)}.",
        "secretary": f"Thư ký: {member_words(secretary)}." if secretary else "Thư ký: ....................",
        "attendance": attendance,
        "agenda": [f"{i}. {line}" for i, line in enumerate(agenda_lines, 1)],
        "quorum": quorum,
        "rounds": rounds,
        "conclusion": conclusion,
        "closing": f"Biên bản kết thúc lúc {time_words(meeting.ended_at)} cùng ngày, đã được đọc lại và thông qua "
                   "trước các thành viên dự họp./.",
        "signers": [{"title": "THƯ KÝ", "name": secretary.full_name if secretary else ""},
                    {"title": chair_title, "name": chair.full_name}],
        "recipients": recipient_lines(wording.recipients, archive=wording.archive),
        "wording_version": wording.version,
    }


def layout(ctx: dict) -> bytes:
    doc = OfficialDocument(title=f"Biên bản {ctx['summary']}", author=" ".join(ctx["issuer_lines"]))
    doc.add_header(issuer=ctx["issuer_lines"], issuer_parent=ctx["issuer_above"], number_text=ctx["number_line"],
                   date_text=ctx["place_date"])
    doc.add_title("BIÊN BẢN", ctx["summary"])
    doc.add_heading("I. THỜI GIAN, ĐỊA ĐIỂM")
    add_lines(doc, [ctx["time"], ctx["place"]])
    doc.add_heading("II. THÀNH PHẦN")
    add_lines(doc, [ctx["chair"], ctx["secretary"], *ctx["attendance"]])
    doc.add_heading("III. NỘI DUNG")
    doc.add_paragraph("Chương trình họp:")
    add_lines(doc, ctx["agenda"])
    doc.add_paragraph(ctx["quorum"])
    for section in ctx["rounds"]:
        if "tag_open" in section:
            doc.add_paragraph(section["tag_open"], indent=False)
        doc.add_heading(section["heading"])
        add_lines(doc, section["lines"])
        if section["rows"]:
            add_count_table(doc, section["rows"])
        if "tag_close" in section:
            doc.add_paragraph(section["tag_close"], indent=False)
    doc.add_heading("IV. KẾT LUẬN")
    add_lines(doc, ctx["conclusion"])
    doc.add_paragraph(ctx["closing"])
    add_signatures(doc, ctx["signers"])
    add_recipients(doc, ctx["recipients"])
    return doc.to_bytes()


def placeholders() -> dict:
    """The context with docxtpl fields: ``layout(placeholders())`` is the default Word template."""
    return {
        "issuer_above": "{{ issuer_above }}", "issuer_lines": ["{{ issuer_lines|join(' ') }}"],
        "number_line": "{{ number_line }}", "place_date": "{{ place_date }}", "summary": "{{ summary }}",
        "time": "{{ time }}", "place": "{{ place }}", "chair": "{{ chair }}", "secretary": "{{ secretary }}",
        "attendance": loop("attendance"), "agenda": loop("agenda"), "quorum": "{{ quorum }}",
        "rounds": [{"tag_open": "{%p for s in rounds %}", "tag_close": "{%p endfor %}", "heading": "{{ s.heading }}",
                    "lines": loop("s.lines"), "rows": count_placeholders("s.rows")}],
        "conclusion": loop("conclusion"), "closing": "{{ closing }}",
        "signers": [{"title": "{{ signers[0].title }}", "name": "{{ signers[0].name }}"},
                    {"title": "{{ signers[1].title }}", "name": "{{ signers[1].name }}"}],
        "recipients": loop("recipients"),
    }


FIELDS = {
    "issuer_lines": "Tên cơ quan ban hành (các dòng)", "number_line": "Số, ký hiệu",
    "place_date": "Địa danh, ngày tháng",
    "summary": "Trích yếu", "time": "Thời gian bắt đầu", "place": "Địa điểm", "chair": "Chủ trì",
    "attendance": "Thành phần tham dự", "agenda": "Chương trình họp", "rounds": "Kết quả bỏ phiếu",
    "conclusion": "Kết luận", "closing": "Thời gian kết thúc, thông qua biên bản", "signers": "Người ký",
    "recipients": "Nơi nhận",
}
OPTIONAL = {"issuer_above": "Cơ quan chủ quản", "secretary": "Thư ký", "quorum": "Số thành viên, điều kiện họp",
            "symbol": "Ký hiệu"}
def sample(wording) -> dict:
    """A sample meeting's minutes printed with ``wording`` (the preview and the trial of an uploaded template)."""
    rows = [{"stt": "1", "name": "Nguyễn Văn A (mẫu)", "award": "Chiến sĩ thi đua cấp tỉnh", "issued": "10",
             "returned": "10", "valid": "10", "invalid": "00", "votes": "09", "share": share(9, 10),
             "threshold": percent(90), "verdict": "Đạt"}]
    return {
        "issuer_above": "UBND TỈNH", "issuer_lines": ["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"],
        "number_line": number_line(None, COUNCIL_SYMBOL), "symbol": COUNCIL_SYMBOL,
        "place_date": date_line("", None), "summary": "Họp Hội đồng Thi đua - Khen thưởng tỉnh (mẫu)",
        "time": f"Thời gian: bắt đầu lúc {time_words(None)}, ngày {day_words(None)}.",
        "place": "Địa điểm: Phòng họp số 1.", "chair": "Chủ trì: Trần Văn B (mẫu), Chủ tịch Hội đồng.",
        "secretary": "Thư ký: Lê Thị C (mẫu), Ủy viên Hội đồng.",
        "attendance": ["Thành viên Hội đồng có mặt: 10/10 thành viên.",
                       "Thành viên vắng mặt có ý kiến bằng văn bản: không có."],
        "agenda": ["1. Xét đề nghị khen thưởng.", "2. Bỏ phiếu kín."],
        "quorum": "Có mặt 10/10 thành viên. Cuộc họp đủ điều kiện tiến hành theo quy định.",
        "rounds": [{"heading": "1. Kết quả bỏ phiếu kín lần 1", "lines": [
            "Số thành viên Hội đồng: 10; số phiếu phát ra: 10; số phiếu thu về: 10; số phiếu hợp lệ: 10; số phiếu "
            "không hợp lệ: 00."], "rows": rows}],
        "conclusion": ["Các trường hợp đạt tỷ lệ phiếu đồng ý theo quy định: Nguyễn Văn A (mẫu)."],
        "closing": f"Biên bản kết thúc lúc {time_words(None)} cùng ngày, đã được đọc lại và thông qua trước các "
                   "thành viên dự họp./.",
        "signers": [{"title": "THƯ KÝ", "name": "Lê Thị C (mẫu)"},
                    {"title": "CHỦ TỊCH HỘI ĐỒNG", "name": "Trần Văn B (mẫu)"}],
        "recipients": recipient_lines(wording.recipients, archive=wording.archive),
        "wording_version": wording.version,
    }


word.register(word.Spec(kind=DocumentKind.MEETING_MINUTES, layout=layout, placeholders=placeholders,
                        required=FIELDS, optional=OPTIONAL, sample=sample))


def render_meeting_minutes(meeting, *, wording=None) -> bytes:
    """``meeting`` is a ``CouncilMeeting`` with its council and unit loaded."""
    return word.render(DocumentKind.MEETING_MINUTES, meeting_context(meeting, wording=wording))


def file_name(meeting) -> str:
    return f"bien-ban-hop-hoi-dong-{meeting.held_on:%Y%m%d}-{meeting.pk}.docx"
