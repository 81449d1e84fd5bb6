"""The decision on commendations (DOCX, NĐ 30/2020) and the printed certificates (PDF) whose Vietnamese text must
read back exactly."""

import datetime
import io
from decimal import Decimal

import docx
import pypdf
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test.utils import override_settings
from django.utils import translation

from tests import support
from thidua.awards import services
from thidua.awards.models import Award, AwardType, Decision
from thidua.awards.selectors import decision_law
from thidua.core.checks import certificate_font_installed
from thidua.core.text import fold
from thidua.documents.award_decision import coefficient_words, place_of, render_decision, roman
from thidua.documents.certificate import CertificateFontMissing, render_certificate

# The demo province, loaded once for this module (tests/documents has no conftest of its own).
_province_module = support._province_module
province = support.province

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HANG_NGUYET = "Nguyễn Thị Hằng Nguyệt"
VIET_UNG = "Đặng Quốc Việt Ưng"
ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào thi đua năm 2021"


def _person(name: str):
    from thidua.org.models import Person

    return Person.objects.create(full_name=name, search_text=fold(name))


def _decision(**values) -> Decision:
    defaults = {"number": "125", "symbol": "QĐ-UBND", "signed_on": datetime.date(2021, 12, 20),
                "signer_name": "Lê Ánh Dương", "signer_title": "Chủ tịch",
                "issuing_authority": "Chủ tịch Ủy ban nhân dân tỉnh"}
    return Decision.objects.create(**{**defaults, **values})


def _award(decision: Decision | None, code: str, *, person=None, unit, print_text: str = ACHIEVEMENT,
           reference: str = "") -> Award:
    name = person.full_name if person else unit.name
    return Award.objects.create(
        award_type=AwardType.objects.get(code=code), person=person, unit=unit, year=2021, decision=decision,
        decision_reference=decision.reference if decision else reference, recipient_name=name,
        print_text=print_text, search_text=fold(name))


@pytest.fixture
def granted(province):
    """A decision of 20/12/2021 granting Bằng khen to two persons and a collective and the title Tập thể lao
    động xuất sắc to another collective."""
    decision = _decision()
    awards = {
        "hang": _award(decision, "BK_CN", person=_person(HANG_NGUYET), unit=province.unit("SYT"),
                       print_text="Đã có thành tích xuất sắc trong công tác y tế năm 2021"),
        "ung": _award(decision, "BK_CN", person=_person(VIET_UNG), unit=province.unit("H-HH")),
        "yenthe": _award(decision, "BK_TT", unit=province.unit("H-YT"),
                         print_text="Đã có thành tích xuất sắc trong phong trào thi đua nước rút năm 2021"),
        "syt": _award(decision, "TTLDXS", unit=province.unit("SYT"), print_text="Hoàn thành xuất sắc nhiệm vụ"),
    }
    return decision, awards


def test_a_decision_signed_in_august_2025_cites_the_2022_law_and_decree_152_under_the_merged_province(province):
    from thidua.awards.selectors import decision_awards, decision_law

    decision = _decision(number="88", signed_on=datetime.date(2025, 8, 20))
    _award(decision, "BK_CN", person=_person(VIET_UNG), unit=province.unit("SYT"))
    law = decision_law(decision=decision)
    content = render_decision(decision, decision_awards(decision=decision), law=law)
    paragraphs, tables = _docx_text(content)
    # Bắc Giang merged into Bắc Ninh on 1/7/2025: the header, the place and the authority are Bắc Ninh's.
    assert tables[0][0][0] == "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n"
    assert tables[0][1][1] == "Bắc Ninh, ngày 20 tháng 8 năm 2025"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH" in paragraphs
    assert [p for p in paragraphs if p.startswith("Căn cứ")] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng;"]
    money = [p for p in paragraphs if p.startswith("Điều 2.")][0]
    assert "theo quy định của Nghị định số 152/2025/NĐ-CP," in money
    coefficient = AwardType.objects.get(code="BK_CN").terms.get(regime__code="luat-2022-nd152").money_coefficient
    assert f"- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân): {coefficient_words(coefficient)}." in paragraphs


def _docx_text(content: bytes):
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


# ── the decision ────────────────────────────────────────────────────────────────────────────────────────────────


def test_decision_docx_holds_header_articles_and_one_annex_row_per_award(granted):
    decision, awards = granted
    from thidua.awards.selectors import decision_awards, decision_law

    paragraphs, tables = _docx_text(render_decision(decision, decision_awards(decision=decision),
                                                    law=decision_law(decision=decision)))
    header, closing, *annex = tables
    # The issuing body broken where an official breaks it; the third line is the rule under it.
    assert header[0][0] == "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n"
    assert header[1] == ["Số: 125/QĐ-UBND", "Bắc Giang, ngày 20 tháng 12 năm 2021"]
    title = paragraphs.index("QUYẾT ĐỊNH")
    assert paragraphs[title + 1] == "Về việc khen thưởng thành tích năm 2021"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" in paragraphs
    # Signed on 20/12/2021: the competence first (the 2015 law on local government as amended in 2019), then the
    # 2003 law as amended and Nghị định 91/2017, in force that day (not the 2022 law).
    basis = [p for p in paragraphs if p.startswith("Căn cứ")]
    assert basis == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của "
        "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005;",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013;",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một "
        "số điều của Luật Thi đua, khen thưởng;"]
    assert not any("năm 2022" in p or "98/2023" in p for p in basis)
    # The proposal: the office's tờ trình, its number left for the clerk when not on record.
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ......../TTr-SNV ngày ..../..../........." in paragraphs
    assert "QUYẾT ĐỊNH:" in paragraphs
    article_1 = paragraphs.index("Điều 1. Tặng danh hiệu thi đua, hình thức khen thưởng cho các cá nhân, tập thể có "
                                 "tên trong danh sách kèm theo Quyết định này, cụ thể:")
    assert paragraphs[article_1 + 1: article_1 + 4] == [
        "- Danh hiệu Tập thể lao động xuất sắc: 01 tập thể (mục I của danh sách).",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân): 02 cá nhân (mục II của danh sách).",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể): 01 tập thể (mục III của danh sách).",
    ]
    assert paragraphs[article_1 + 4].startswith("Điều 2. Kèm theo danh hiệu thi đua, hình thức khen thưởng")
    assert "theo quy định của Nghị định số 91/2017/NĐ-CP," in paragraphs[article_1 + 4]
    assert paragraphs[article_1 + 5: article_1 + 8] == [
        "- Danh hiệu Tập thể lao động xuất sắc: 1,5 lần mức lương cơ sở.",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân): 1,0 lần mức lương cơ sở.",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể): 2,0 lần mức lương cơ sở.",
    ]
    assert paragraphs[article_1 + 9].startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    signature = [line for line in closing[0][1].split("\n") if line]
    assert signature == ["CHỦ TỊCH", "Lê Ánh Dương"]
    assert closing[0][0].split("\n")[:2] == ["Nơi nhận:", "- Như Điều 3;"]

    assert "(Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 12 năm 2021 của Chủ tịch Ủy ban nhân dân tỉnh " \
           "Bắc Giang)" in paragraphs
    assert "II. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân) (02 cá nhân)" in paragraphs
    # Each item's achievement (never the name again) and the unit's full name with the province.
    assert annex == [
        [["STT", "Tên tập thể", "Trực thuộc", "Thành tích"],
         ["1", "Sở Y tế tỉnh Bắc Giang", "", "Hoàn thành xuất sắc nhiệm vụ"]],
        [["STT", "Họ và tên", "Chức vụ, đơn vị", "Thành tích"],
         ["1", HANG_NGUYET, "Sở Y tế tỉnh Bắc Giang", "Đã có thành tích xuất sắc trong công tác y tế năm 2021"],
         ["2", VIET_UNG, "Ủy ban nhân dân huyện Hiệp Hòa, tỉnh Bắc Giang", ACHIEVEMENT]],
        [["STT", "Tên tập thể", "Trực thuộc", "Thành tích"],
         ["1", "Ủy ban nhân dân huyện Yên Thế, tỉnh Bắc Giang", "",
          "Đã có thành tích xuất sắc trong phong trào thi đua nước rút năm 2021"]],
    ]


def test_decision_articles_are_labelled_in_bold(granted):
    decision, _awards = granted
    document = docx.Document(io.BytesIO(render_decision(decision, list(decision.awards.all()),
                                                     law=decision_law(decision=decision))))
    labels = [(p.runs[0].text, p.runs[0].bold) for p in document.paragraphs if p.text.startswith("Điều ")]
    assert labels == [("Điều 1. ", True), ("Điều 2. ", True), ("Điều 3. ", True)]


def test_decision_after_the_merger_is_issued_by_bac_ninh_and_a_deputy_signs_for_the_chairman(province):
    decision = _decision(number="7", signed_on=datetime.date(2025, 8, 4), signer_title="Phó Chủ tịch",
                         signer_name="Trần Văn Đức")
    _award(decision, "BK_CN", person=_person(VIET_UNG), unit=province.unit("SYT"))
    paragraphs, tables = _docx_text(render_decision(decision, list(decision.awards.all()),
                                                     law=decision_law(decision=decision)))
    header, closing = tables[:2]
    assert header[0][0] == "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n"
    assert header[1] == ["Số: 07/QĐ-UBND", "Bắc Ninh, ngày 04 tháng 8 năm 2025"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH" in paragraphs
    assert [line for line in closing[0][1].split("\n") if line] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Đức"]


def test_decision_cites_the_offices_proposal_and_never_prints_a_name_as_the_achievement(granted):
    decision, awards = granted
    Decision.objects.filter(pk=decision.pk).update(proposal_number="15/TTr-SNV",
                                                   proposal_on=datetime.date(2021, 12, 12))
    Award.objects.filter(pk=awards["ung"].pk).update(print_text=VIET_UNG)  # an old row: the name as its text
    decision.refresh_from_db()
    paragraphs, tables = _docx_text(render_decision(decision, list(decision.awards.all()),
                                                    law=decision_law(decision=decision)))
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 15/TTr-SNV ngày 12/12/2021." in paragraphs
    row = next(r for t in tables for r in t if r[1] == VIET_UNG)
    assert row[3] == "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021"


@pytest.mark.parametrize(("value", "expected"), [
    ("1.00", "1,0"), ("0.30", "0,3"), ("1.50", "1,5"), ("8.00", "8,0"), ("0.25", "0,25"), ("10.00", "10,0")])
def test_money_is_a_coefficient_of_the_base_salary_in_words(value, expected):
    assert coefficient_words(Decimal(value)) == f"{expected} lần mức lương cơ sở"


def test_roman_numerals_and_place_names():
    assert [roman(n) for n in (1, 2, 3, 4, 9, 10, 14)] == ["I", "II", "III", "IV", "IX", "X", "XIV"]
    assert place_of("Ủy ban nhân dân tỉnh Bắc Giang") == "Bắc Giang"
    assert place_of("Ủy ban nhân dân thành phố Hà Nội") == "Hà Nội"
    assert place_of("Sở Nội vụ") == ""


# ── the certificate ─────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.debian_package("fonts-liberation2")
@pytest.mark.parametrize("who", ["hang", "ung"])
def test_certificate_text_reads_back_the_vietnamese_name_exactly(granted, who):
    decision, awards = granted
    award = awards[who]
    text = _pdf_text(render_certificate(award))
    lines = text.split("\n")
    assert award.recipient_name in lines
    assert lines[:5] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "TẶNG", "BẰNG KHEN"]
    assert lines[5:7] == [award.recipient_name, award.unit.name]
    assert award.print_text in lines
    assert "Quyết định số 125/QĐ-UBND, ngày 20 tháng 12 năm 2021" in lines
    assert f"Sổ khen thưởng số: {award.pk}" in lines
    assert "Bắc Giang, ngày 20 tháng 12 năm 2021" in lines
    assert "CHỦ TỊCH" in lines and "Lê Ánh Dương" in lines


@pytest.mark.debian_package("fonts-liberation2")
def test_certificate_is_one_a4_landscape_page(granted):
    _decision, awards = granted
    page = pypdf.PdfReader(io.BytesIO(render_certificate(awards["yenthe"]))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    lines = page.extract_text().split("\n")
    # A collective: its full name with the province, no unit line under it.
    assert lines[4:7] == ["BẰNG KHEN", "Ủy ban nhân dân huyện Yên Thế, tỉnh Bắc Giang", awards["yenthe"].print_text]


@pytest.mark.debian_package("fonts-liberation2")
def test_certificate_of_a_registered_giay_khen_names_the_head_of_the_unit(province):
    award = _award(None, "GK_CN", person=_person(HANG_NGUYET), unit=province.unit("SYT"), reference="45/QĐ-SYT")
    lines = _pdf_text(render_certificate(award)).split("\n")
    assert lines[2:6] == ["THỦ TRƯỞNG SỞ Y TẾ", "TẶNG", "GIẤY KHEN", HANG_NGUYET]
    assert "Quyết định số 45/QĐ-SYT" in lines


def test_certificate_of_a_revoked_award_is_refused(granted, province):
    _decision, awards = granted
    award = services.award_revoke(by=province.user("vanphong"), award=awards["hang"], reason="Kê khai không trung thực")
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        render_certificate(award)
    assert raised.value.messages == [
        "This award has been revoked (Kê khai không trung thực): its certificate is not printed."]


def test_certificate_of_a_title_without_heading_is_refused(province):
    award = _award(_decision(), "LDTT", person=_person(VIET_UNG), unit=province.unit("SYT"))
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        render_certificate(award)
    assert raised.value.messages == [
        "Lao động tiên tiến has no printed certificate: only the forms with a certificate heading (Bằng khen, "
        "Giấy khen) are printed."]


@pytest.mark.debian_package("fonts-liberation2")
def test_missing_font_names_the_package_and_the_system_check_warns(granted, tmp_path):
    _decision, awards = granted
    assert certificate_font_installed(None) == []
    with override_settings(THIDUA_CERTIFICATE_FONT_DIR=str(tmp_path)), translation.override("en"):
        with pytest.raises(CertificateFontMissing) as raised:
            render_certificate(awards["hang"])
        warnings = certificate_font_installed(None)
    assert "install the Debian package fonts-liberation2" in str(raised.value)
    assert [w.id for w in warnings] == ["thidua.W001"]
    assert str(tmp_path / "LiberationSerif-Regular.ttf") in warnings[0].msg


# ── through the API ─────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.debian_package("fonts-liberation2")
def test_api_serves_the_decision_and_the_certificate_to_the_council_office(granted, api_client):
    decision, awards = granted
    client = api_client("vanphong")
    response = client.get(f"/api/v1/decisions/{decision.pk}/document.docx")
    assert (response.status_code, response["Content-Type"]) == (200, DOCX)
    _paragraphs, tables = _docx_text(response.content)
    assert [row[1] for row in tables[3][1:]] == [HANG_NGUYET, VIET_UNG]
    response = client.get(f"/api/v1/awards/{awards['ung'].pk}/certificate.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert VIET_UNG in _pdf_text(response.content).split("\n")


def test_api_refuses_the_certificate_of_a_title_with_a_4xx(province, api_client):
    award = _award(_decision(), "TTLDXS", unit=province.unit("SYT"))
    client = api_client("vanphong")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/api/v1/awards/{award.pk}/certificate.pdf")
    assert response.status_code == 400
    assert "has no printed certificate" in response.json()["detail"]


def test_a_missing_font_is_a_503_with_the_reason_on_the_api_and_the_page(granted, api_client, tmp_path):
    _decision, awards = granted
    award = awards["hang"]
    with override_settings(THIDUA_CERTIFICATE_FONT_DIR=str(tmp_path)):
        api = api_client("vanphong").get(f"/api/v1/awards/{award.pk}/certificate.pdf")
        page = support.signed_in("vanphong", language="en").get(f"/awards/{award.pk}/certificate.pdf")
    assert api.status_code == 503
    assert "fonts-liberation2" in api.json()["detail"]
    assert page.status_code == 503
    assert "fonts-liberation2" in page.content.decode()
