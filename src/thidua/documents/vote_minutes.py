"""The minutes of a vote count (biên bản kiểm phiếu) of a secret-ballot round, as a DOCX in the NĐ 30/2020 layout:
a cluster's or block's vote (suy tôn, bình xét), issued by its head unit, or a council meeting's vote on nominees,
issued by the council.

They give when the vote began and ended and where, who chaired, who took the minutes and who counted, who voted
(the member units, or the council's members present and by letter) and who did not, what was voted on, whether the
quorum was met, and for each candidate the ballots issued, returned, valid and invalid, the votes for and their
share of the whole electorate against the threshold, with the verdict (Đạt / Không đạt; beyond a quota: "Đạt
ngưỡng, ngoài chỉ tiêu"); then the conclusion, the closing sentence, the signatures of the vote-counting board (or
of the chair and the secretary) and "Nơi nhận". They name no voter beside any choice: the system holds none.

The document is a *context* (plain data) laid out by ``layout``, or by the office's Word template
(``documents.word``).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import word
from .minutes_common import (
    COUNCIL_SYMBOL,
    add_count_table,
    add_lines,
    add_recipients,
    add_signatures,
    board_members,
    board_title,
    close_list,
    council_issuer,
    count_placeholders,
    day_words,
    is_board_head,
    loop,
    percent,
    place_name,
    share,
    time_words,
    two,
    two_signers,
)
from .models import DocumentKind
from .nd30 import OfficialDocument, date_line, number_line, recipient_lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _signers(voting_round, chair: str, secretary: str) -> list[dict]:
    """The counting board (its head on the right of the first row), else the secretary and the chair."""
    board = board_members(voting_round.counting_board)
    if board:
        heads = [m for m in board if is_board_head(m[1])][:1]
        others = [m for m in board if m not in heads]
        ordered = ([others[0], heads[0], *others[1:]] if others else heads) if heads else others
        return [{"title": board_title(role), "name": name} for name, role in ordered]
    if chair or secretary:
        return [{"title": "THƯ KÝ", "name": secretary}, {"title": "CHỦ TỌA", "name": chair}]
    return [{"title": "TỔ KIỂM PHIẾU", "name": ""}]


def _board_lines(voting_round) -> list[str]:
    board = board_members(voting_round.counting_board)
    if not board:
        return []
    return ["Ban kiểm phiếu gồm:", *close_list([f"{i}. {name}" + (f", {role}" if role else "") + ";"
                                                for i, (name, role) in enumerate(board, 1)])]


def _cluster_part(voting_round, result) -> dict:
    """Issuer, attendance and counts of a campaign's round (a cluster's or block's member units, or the council's
    members)."""
    from thidua.evaluation.enums import AwardQuota, Electorate
    from thidua.evaluation.models import BallotCast
    from thidua.org.models import ClusterMembership
    from thidua.org.naming import header_lines, symbol_of

    opened = timezone.localtime(voting_round.opens_at)
    ended = timezone.localtime(voting_round.closed_at or voting_round.closes_at)
    day = ended.date()
    cluster = voting_round.cluster
    head = cluster.head_unit if cluster is not None and cluster.head_unit_id else None
    if head is not None:
        above, own = header_lines(head, day)
        symbol = f"BB-{symbol_of(head)}"
    else:
        above, own = council_issuer(None, day)
        symbol = COUNCIL_SYMBOL
    attendance = []
    if voting_round.electorate_kind == Electorate.CLUSTER_UNITS and cluster is not None:
        members = list(ClusterMembership.objects.filter(cluster=cluster, year=voting_round.campaign.year)
                       .select_related("unit").order_by("unit__name"))
        voted = set(BallotCast.objects.filter(round=voting_round).values_list("voter_unit_id", flat=True))
        came = [m.unit.name for m in members if m.unit_id in voted]
        missed = [m.unit.name for m in members if m.unit_id not in voted]
        attendance.append(f"Các đơn vị thành viên {cluster.name}: {two(len(members))} đơn vị. Đã bỏ phiếu: "
                          f"{two(len(came))} đơn vị" + (f" ({'; '.join(came)})." if came else "."))
        attendance.append(f"Không bỏ phiếu: {two(len(missed))} đơn vị ({'; '.join(missed)})." if missed else
                          "Không bỏ phiếu: không có.")
        who, voter_word = f"các đơn vị thành viên {cluster.name}", "đơn vị"
    else:
        attendance.append(f"Thành viên Hội đồng Thi đua - Khen thưởng có quyền bỏ phiếu: {two(result.electorate)}; "
                          f"đã bỏ phiếu: {two(result.voted)}.")
        who, voter_word = "các thành viên Hội đồng Thi đua - Khen thưởng", "thành viên"
    quota = {AwardQuota.EMULATION_FLAG: "Chỉ tiêu: 01 Cờ thi đua (mỗi phiếu chọn 01 đơn vị).",
             AwardQuota.CERTIFICATE: f"Chỉ tiêu: tối đa {two(voting_round.max_choices)} Bằng khen (mỗi phiếu chọn "
                                     f"tối đa {two(voting_round.max_choices)})."}.get(voting_round.award,
                                                                               f"Mỗi phiếu chọn tối đa "
                                                                               f"{two(voting_round.max_choices)}.")
    ballots = {"issued": result.electorate, "returned": result.voted, "valid": result.voted, "invalid": 0}
    rows = []
    for index, c in enumerate(result.candidates, 1):
        verdict = ("Đạt" if c.within_quota else "Đạt ngưỡng, ngoài chỉ tiêu") if c.passed else "Không đạt"
        rows.append({"stt": str(index), "name": c.unit_name, "award": "", "issued": two(ballots["issued"]),
                     "returned": two(ballots["returned"]), "valid": two(ballots["valid"]),
                     "invalid": two(ballots["invalid"]), "votes": two(c.votes),
                     "share": share(c.votes, result.electorate),
                     "threshold": percent(voting_round.threshold_percent), "verdict": verdict})
    passed = [c.unit_name for c in result.candidates if c.passed and c.within_quota]
    question = _lower_first(voting_round.question.strip().rstrip("."))
    return {
        "summary": f"Kiểm phiếu {question}", "subject": f"bỏ phiếu kín {question}",
        "name_header": "Đơn vị" if voting_round.electorate_kind == Electorate.CLUSTER_UNITS else "Tên",
        "above": above, "own": own, "symbol": symbol, "day": day, "issuer_unit": head,
        "started": opened, "ended": ended, "summary_of": cluster.name if cluster else "",
        "attendance": attendance, "who": who, "voter_word": voter_word, "quota": quota, "ballots": ballots,
        "rows": rows,
        "award_column": False, "electorate": result.electorate, "voted": result.voted,
        "quorum_met": result.quorum_met, "quorum_percent": voting_round.quorum_percent,
        "passed": passed, "online": True, "place": voting_round.place, "chair": voting_round.chair_name,
        "secretary": voting_round.secretary_name,
        "recipients_extra": [f"Các đơn vị thành viên {cluster.name};"] if cluster else [],
    }


def _meeting_part(voting_round, result) -> dict:
    """Issuer, attendance and counts of a council meeting's round."""
    from .meeting_minutes import member_words, round_rows

    meeting = voting_round.meeting
    council = meeting.council
    if meeting.outside_system:
        day = meeting.held_on
        started = meeting.started_at
        ended = meeting.ended_at
    else:
        started = timezone.localtime(voting_round.opens_at)
        ended = timezone.localtime(voting_round.closed_at or voting_round.closes_at)
        day = started.date()
    above, own = council_issuer(council.unit, day)
    present = list(meeting.present.order_by("order", "id"))
    written = list(meeting.written_opinions.order_by("order", "id"))
    attendance = [f"Thành viên {council.name}: {two(meeting.member_count)}; có mặt: {two(len(present))} "
                  f"({'; '.join(m.full_name for m in present)})."]
    attendance.append(f"Vắng mặt có ý kiến bằng văn bản: {two(len(written))} "
                      f"({'; '.join(m.full_name for m in written)})." if written else
                      "Vắng mặt có ý kiến bằng văn bản: không có.")
    rows, ballots = round_rows(voting_round, result)
    passed = [f"{c.name} ({c.award_type})" for c in result.candidates if c.passed]
    chair = voting_round.chair_name or (meeting.chair.full_name if meeting.chair_id else "")
    secretary = voting_round.secretary_name or (meeting.secretary.full_name if meeting.secretary_id else "")
    nominees = "; ".join(f"{c.name} ({c.award_type})" for c in result.candidates)
    return {
        "summary": f"Kiểm phiếu bỏ phiếu kín tại cuộc họp {council.name} ngày {day_words(meeting.held_on)}",
        "subject": f"bỏ phiếu kín đề nghị khen thưởng đối với: {nominees}", "name_header": "Họ và tên / Tập thể",
        "above": above, "own": own, "symbol": COUNCIL_SYMBOL, "day": day, "issuer_unit": council.unit,
        "started": started, "ended": ended, "summary_of": council.name,
        "attendance": attendance, "who": f"các thành viên {council.name}", "voter_word": "thành viên",
        "quota": "Mỗi phiếu ghi đồng ý hoặc không đồng ý đối với từng trường hợp; tỷ lệ tính trên tổng số thành "
                 "viên Hội đồng, ngưỡng theo từng danh hiệu, hình thức khen thưởng.",
        "ballots": ballots, "rows": rows, "award_column": True, "electorate": result.members,
        "voted": result.voted, "quorum_met": result.quorum_met, "quorum_percent": None, "passed": passed,
        "online": not meeting.outside_system, "place": voting_round.place or meeting.place,
        "chair": chair, "secretary": secretary, "recipients_extra": [],
        "chair_words": member_words(meeting.chair) if meeting.chair_id and chair == meeting.chair.full_name else chair,
        "secretary_words": (member_words(meeting.secretary) if meeting.secretary_id and
                            secretary == meeting.secretary.full_name else secretary),
    }


def result_for(voting_round):
    """The round's result as its minutes read it: ``awards.council.meeting_round_result`` for a council meeting's
    round, ``evaluation.selectors.round_result`` for a campaign's (both have ``closed``)."""
    if voting_round.meeting_id:
        from thidua.awards.council import meeting_round_result

        return meeting_round_result(voting_round)
    from thidua.evaluation.selectors import round_result

    return round_result(voting_round=voting_round)


def minutes_context(voting_round, result=None, *, wording=None) -> dict:
    """Everything the vote-count minutes print, as plain data. ``result`` is ``evaluation.selectors.round_result``
    for a campaign's round, ``awards.council.meeting_round_result`` for a meeting's (computed when not given)."""
    from .wording import wording_for

    wording = wording or wording_for(DocumentKind.VOTE_MINUTES)
    result = result if result is not None else result_for(voting_round)
    part = _meeting_part(voting_round, result) if voting_round.meeting_id else _cluster_part(voting_round, result)
    day = part["day"]
    started, ended = part["started"], part["ended"]
    started_day = started.date() if isinstance(started, datetime.datetime) else day
    ended_day = ended.date() if isinstance(ended, datetime.datetime) else day
    same_day = started_day == ended_day
    ballots = part["ballots"]
    quorum = (f"Số {part['voter_word']} đã bỏ phiếu: {two(part['voted'])}/{two(part['electorate'])} "
              f"({share(part['voted'], part['electorate'])})")
    if part["quorum_percent"] is not None:
        quorum += f"; tỷ lệ tham gia tối thiểu {percent(part['quorum_percent'])}"
    quorum += "; đủ điều kiện kiểm phiếu" if part["quorum_met"] else \
        "; không đủ điều kiện, kết quả bỏ phiếu không có giá trị"
    if ballots.get("note"):
        ballot_note = ballots["note"]
    elif part["online"]:
        ballot_note = ("Bỏ phiếu kín trên hệ thống: số phiếu phát ra là số người có quyền bỏ phiếu, số phiếu thu về là "
                       "số phiếu đã bỏ; phiếu bỏ trên hệ thống không có phiếu không hợp lệ. Hệ thống chỉ ghi nhận việc "
                       "đã bỏ phiếu, không lưu mối liên hệ giữa người bỏ phiếu và nội dung phiếu.")
    else:
        ballot_note = ("Cuộc họp tổ chức ngoài hệ thống: số liệu theo biên bản họp đã lưu kèm, mỗi thành viên có mặt "
                       "hoặc có ý kiến bằng văn bản một phiếu.")
    if not part["quorum_met"]:
        conclusion = "Số người bỏ phiếu không đạt tỷ lệ tối thiểu theo quy định: không có trường hợp nào được đề nghị."
    elif part["passed"]:
        conclusion = ("Căn cứ kết quả kiểm phiếu, các trường hợp sau đạt tỷ lệ phiếu đồng ý theo quy định và được đề "
                      "nghị: " + "; ".join(part["passed"]) + ".")
    else:
        conclusion = "Căn cứ kết quả kiểm phiếu, không có trường hợp nào đạt tỷ lệ phiếu đồng ý theo quy định."
    chair_line = part.get("chair_words") or part["chair"]
    secretary_line = part.get("secretary_words") or part["secretary"]
    return {
        "issuer_above": part["above"], "issuer_lines": part["own"],
        "number_line": number_line(None, part["symbol"]), "symbol": part["symbol"],
        "place_date": date_line(place_name(part["issuer_unit"], day), day),
        "summary": part["summary"],
        "time": (f"Thời gian: bắt đầu lúc {time_words(started)}, ngày {day_words(started_day)}; kết thúc lúc "
                 f"{time_words(ended)}" + ("" if same_day else f", ngày {day_words(ended_day)}") + "."),
        "place": f"Địa điểm: {part['place']}." if part["place"] else "Địa điểm: bỏ phiếu trên hệ thống.",
        "chair": f"Chủ trì: {chair_line}." if chair_line else "Chủ trì: ....................",
        "secretary": f"Thư ký: {secretary_line}." if secretary_line else "Thư ký: ....................",
        "board": _board_lines(voting_round),
        "attendance": part["attendance"],
        "agenda": [f"Nội dung: {part['subject']}.", part["quota"]],
        "quorum": quorum + ".",
        "ballots": (f"Số phiếu phát ra: {two(ballots['issued'])}; số phiếu thu về: {two(ballots['returned'])}; số "
                    f"phiếu hợp lệ: {two(ballots['valid'])}; số phiếu không hợp lệ: {two(ballots['invalid'])}."),
        "ballot_note": ballot_note,
        "rows": part["rows"], "award_column": part["award_column"], "name_header": part["name_header"],
        "conclusion": conclusion,
        "closing": (f"Biên bản kết thúc lúc {time_words(ended)} "
                    + ("cùng ngày" if same_day else f"ngày {day_words(ended_day)}")
                    + f", đã được thông qua trước {part['who']}./."),
        "signers": two_signers(_signers(voting_round, part["chair"], part["secretary"])),
        "recipients": recipient_lines([*part["recipients_extra"], *wording.recipients], archive=wording.archive),
        "wording_version": wording.version,
    }


def layout(ctx: dict) -> bytes:
    doc = OfficialDocument(title=f"Biên bản {ctx['summary']}"[:250], author=" ".join(ctx["issuer_lines"]))
    doc.add_header(issuer=ctx["issuer_lines"], issuer_parent=ctx["issuer_above"], number_text=ctx["number_line"],
                   date_text=ctx["place_date"])
    doc.add_title("BIÊN BẢN", ctx["summary"])
    doc.add_heading("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    add_lines(doc, [ctx["time"], ctx["place"], ctx["chair"], ctx["secretary"], *ctx["board"], *ctx["attendance"]])
    doc.add_heading("II. NỘI DUNG")
    add_lines(doc, [*ctx["agenda"], ctx["quorum"]])
    doc.add_heading("III. KẾT QUẢ KIỂM PHIẾU")
    add_lines(doc, [ctx["ballots"], ctx["ballot_note"]])
    add_count_table(doc, ctx["rows"], award_column=ctx.get("award_column", True),
                    name_header=ctx.get("name_header", ""))
    doc.add_heading("IV. KẾT LUẬN")
    doc.add_paragraph(ctx["conclusion"])
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
        "board": loop("board"), "attendance": loop("attendance"), "agenda": loop("agenda"),
        "quorum": "{{ quorum }}", "ballots": "{{ ballots }}", "ballot_note": "{{ ballot_note }}",
        "rows": count_placeholders("rows"), "award_column": True, "name_header": "{{ name_header }}",
        "conclusion": "{{ conclusion }}",
        "closing": "{{ closing }}",
        "signers": [{"title": "{{ signers[0].title }}", "name": "{{ signers[0].name }}"},
                    {"title": "{{ signers[1].title }}", "name": "{{ signers[1].name }}"}],
        "recipients": loop("recipients"),
    }


FIELDS = {
    "issuer_lines": "Tên cơ quan ban hành (các dòng)", "number_line": "Số, ký hiệu",
    "place_date": "Địa danh, ngày tháng",
    "summary": "Trích yếu", "time": "Thời gian bắt đầu, kết thúc", "place": "Địa điểm",
    "attendance": "Thành phần tham gia bỏ phiếu", "agenda": "Nội dung bỏ phiếu", "ballots": "Số phiếu",
    "rows": "Kết quả từng trường hợp", "conclusion": "Kết luận", "closing": "Thông qua biên bản",
    "signers": "Người ký", "recipients": "Nơi nhận",
}
OPTIONAL = {"issuer_above": "Cơ quan chủ quản", "chair": "Chủ trì", "secretary": "Thư ký",
            "board": "Ban kiểm phiếu", "quorum": "Tỷ lệ tham gia", "ballot_note": "Cách tính số phiếu",
            "symbol": "Ký hiệu", "award_column": "Có cột danh hiệu", "name_header": "Tiêu đề cột tên"}
def sample(wording) -> dict:
    """A sample vote count printed with ``wording`` (the preview and the trial of an uploaded template)."""
    rows = [{"stt": "1", "name": "Đơn vị A (mẫu)", "award": "", "issued": "09", "returned": "09", "valid": "09",
             "invalid": "00", "votes": "08", "share": share(8, 9), "threshold": percent(70), "verdict": "Đạt"}]
    return {
        "issuer_above": "UBND TỈNH", "issuer_lines": ["SỞ A (MẪU)"], "number_line": number_line(None, "BB-SA"),
        "symbol": "BB-SA", "place_date": date_line("", None), "summary": "Kiểm phiếu suy tôn đơn vị dẫn đầu (mẫu)",
        "time": f"Thời gian: bắt đầu lúc {time_words(None)}, ngày {day_words(None)}; kết thúc lúc "
                f"{time_words(None)}.",
        "place": "Địa điểm: Hội trường Sở A.", "chair": "Chủ trì: Nguyễn Văn A (mẫu).",
        "secretary": "Thư ký: Trần Thị B (mẫu).", "board": ["Ban kiểm phiếu gồm:", "1. Lê Văn C (mẫu), Trưởng ban."],
        "attendance": ["Các đơn vị thành viên Khối (mẫu): 09 đơn vị. Đã bỏ phiếu: 09 đơn vị."],
        "agenda": ["Nội dung: bỏ phiếu kín suy tôn đơn vị dẫn đầu (mẫu).", "Chỉ tiêu: 01 Cờ thi đua."],
        "quorum": "Số đơn vị đã bỏ phiếu: 09/09; đủ điều kiện kiểm phiếu.",
        "ballots": "Số phiếu phát ra: 09; số phiếu thu về: 09; số phiếu hợp lệ: 09; số phiếu không hợp lệ: 00.",
        "ballot_note": "Bỏ phiếu kín trên hệ thống.", "rows": rows, "award_column": False, "name_header": "Đơn vị",
        "conclusion": "Căn cứ kết quả kiểm phiếu, Đơn vị A (mẫu) đạt tỷ lệ phiếu đồng ý theo quy định.",
        "closing": f"Biên bản kết thúc lúc {time_words(None)} cùng ngày, đã được thông qua./.",
        "signers": two_signers([{"title": "TRƯỞNG BAN KIỂM PHIẾU", "name": "Lê Văn C (mẫu)"}]),
        "recipients": recipient_lines(wording.recipients, archive=wording.archive),
        "wording_version": wording.version,
    }


word.register(word.Spec(kind=DocumentKind.VOTE_MINUTES, layout=layout, placeholders=placeholders, required=FIELDS,
                        optional=OPTIONAL, sample=sample))


def render_minutes(voting_round, result=None, *, wording=None) -> bytes:
    """``voting_round`` is a ``VotingRound`` (a campaign's or a council meeting's); ``result`` its result (see
    ``minutes_context``)."""
    return word.render(DocumentKind.VOTE_MINUTES, minutes_context(voting_round, result, wording=wording))


def file_name(voting_round) -> str:
    return f"bien-ban-kiem-phieu-{voting_round.pk}.docx"
