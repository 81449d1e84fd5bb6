"""Certificates: the achievement line and a collective's full name; the print on the official pre-printed blanks
(only the variable text, each line at the position the office saved, read back from the PDF to within 1 mm); the
office's positions page and its test page; every certificate of a decision as one PDF in the annex's order."""

import datetime
import io
import time

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from fpdf import FPDF

from tests import support
from thidua.awards import certificates, tallies
from thidua.awards.models import Award, AwardType, CertificateLayout, Decision
from thidua.core.audit import AuditEvent
from thidua.core.text import fold
from thidua.documents.certificate import (
    DEFAULT_POSITIONS,
    FIELDS,
    PT,
    font_paths,
    render_certificate,
    render_certificates,
    render_test_page,
)

_province_module = support._province_module
province = support.province

fonts = pytest.mark.debian_package("fonts-liberation2")
HANG_NGUYET = "Nguyễn Thị Hằng Nguyệt"
VIET_UNG = "Đặng Quốc Việt Ưng"
ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào thi đua năm 2021"
PAGE_HEIGHT_PT = 595.28


def _person(name: str):
    from thidua.org.models import Person

    return Person.objects.create(full_name=name, search_text=fold(name))


def _decision(**values) -> Decision:
    defaults = {"number": "125", "symbol": "QĐ-UBND", "signed_on": datetime.date(2021, 12, 20),
                "signer_name": "Lê Ánh Dương", "signer_title": "Phó Chủ tịch",
                "issuing_authority": "Chủ tịch Ủy ban nhân dân tỉnh"}
    return Decision.objects.create(**{**defaults, **values})


def _award(decision, code: str, *, person=None, unit, print_text: str = ACHIEVEMENT, status: str = "active"):
    name = person.full_name if person else unit.name
    award = Award.objects.create(
        award_type=AwardType.objects.get(code=code), person=person, unit=unit, year=2021, decision=decision,
        decision_reference=decision.reference, recipient_name=name, print_text=print_text,
        search_text=fold(name), status=status)
    tallies.refresh([award])  # written around the services, which keep the registry's tallies
    return award


def _loaded(award: Award) -> Award:
    return Award.objects.select_related("award_type", "person", "unit", "decision").get(pk=award.pk)


def _placed(content: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """Each piece of text on the page with where it starts: (text, x mm from the left, baseline mm from the top),
    from the text matrix pypdf reads (times the current transformation matrix)."""
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x * 25.4 / 72, (PAGE_HEIGHT_PT - y) * 25.4 / 72))

    pypdf.PdfReader(io.BytesIO(content)).pages[page].extract_text(visitor_text=visit)
    return found


def _width_mm(text: str, style: str, size: float) -> float:
    """The printed width of ``text`` from the font's own metrics (an FPDF of the test's, not the renderer's)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    for font_style, path in font_paths().items():
        pdf.add_font("Check", font_style, str(path))
    pdf.set_font("Check", style, size)
    return pdf.get_string_width(text)


def _start_of(line: str, position: dict, style: str) -> float:
    """Where a line aligned at ``position`` starts, in mm from the left."""
    width = _width_mm(line, style, position["size"])
    return {"L": position["x"], "C": position["x"] - width / 2, "R": position["x"] - width}[position["align"]]


@pytest.fixture
def granted(province):
    """A decision signed by a Vice-Chairman granting Bằng khen to a person of Sở Y tế and to the district of Yên
    Thế, and the title Tập thể lao động xuất sắc to Sở Y tế."""
    decision = _decision()
    return decision, {
        "hang": _award(decision, "BK_CN", person=_person(HANG_NGUYET), unit=province.unit("SYT")),
        "yenthe": _award(decision, "BK_TT", unit=province.unit("H-YT")),
        "syt": _award(decision, "TTLDXS", unit=province.unit("SYT")),
    }


#: A layout unlike the defaults, each alignment used.
LAYOUT = {
    "name": {"x": 60, "y": 95.5, "width": 200, "size": 26, "align": "L"},
    "unit": {"x": 150, "y": 108, "width": 200, "size": 15, "align": "C"},
    "achievement": {"x": 270, "y": 121.3, "width": 230, "size": 14, "align": "R"},
    "decision": {"x": 25, "y": 165, "width": 120, "size": 12, "align": "L"},
    "registry": {"x": 25, "y": 172.4, "width": 120, "size": 10, "align": "L"},
    "date": {"x": 215, "y": 150, "width": 120, "size": 13, "align": "C"},
    "authority": {"x": 215, "y": 158, "width": 120, "size": 13, "align": "C"},
    "signer": {"x": 272, "y": 190, "width": 120, "size": 14, "align": "R"},
}


# ── the text: achievement line, collective's full name ──


@fonts
def test_a_collective_is_named_in_full_with_its_province(granted):
    _decision, awards = granted
    lines = [text for text, _x, _y in _placed(render_certificate(_loaded(awards["yenthe"])))]
    assert "Ủy ban nhân dân huyện Yên Thế, tỉnh Bắc Giang" in lines
    assert "UBND huyện Yên Thế" not in lines


@fonts
def test_the_achievement_line_prints_and_the_name_never_twice(granted, province):
    _decision, awards = granted
    lines = [text for text, _x, _y in _placed(render_certificate(_loaded(awards["hang"])))]
    assert lines.count(HANG_NGUYET) == 1
    assert ACHIEVEMENT in lines
    named = _award(granted[0], "BK_CN", person=_person(VIET_UNG), unit=province.unit("SYT"), print_text=VIET_UNG)
    lines = [text for text, _x, _y in _placed(render_certificate(_loaded(named)))]
    assert lines.count(VIET_UNG) == 1
    assert "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021" in lines


# ── on the blank ──


@fonts
def test_blank_text_sits_within_1_mm_of_the_saved_positions(granted, province):
    _decision, awards = granted
    certificates.certificate_layout_save(by=province.user("vanphong"), award_type=awards["hang"].award_type,
                                         positions=LAYOUT)
    placed = _placed(render_certificate(_loaded(awards["hang"]), blank=True))
    expected = {
        "name": HANG_NGUYET, "unit": "Sở Y tế", "achievement": ACHIEVEMENT,
        "decision": "Quyết định số 125/QĐ-UBND, ngày 20 tháng 12 năm 2021", "registry":
        f"Sổ khen thưởng số: {awards['hang'].pk}", "date": "Bắc Giang, ngày 20 tháng 12 năm 2021",
        "authority": "KT. CHỦ TỊCH", "signer": "Lê Ánh Dương"}
    assert [text for text, _x, _y in placed] == [*expected.values()][:7] + ["PHÓ CHỦ TỊCH", "Lê Ánh Dương"]
    at = {text: (x, y) for text, x, y in placed}
    for name, line in expected.items():
        position = LAYOUT[name]
        x, y = at[line]
        assert abs(x - _start_of(line, position, FIELDS[name][0])) < 1, name
        assert abs(y - position["y"]) < 1, name
    # The title's second line one line-height (13 pt × 0.5 mm) below the first, centred on the same x.
    x, y = at["PHÓ CHỦ TỊCH"]
    assert abs(y - (158 + 6.5)) < 1
    assert abs(x - _start_of("PHÓ CHỦ TỊCH", LAYOUT["authority"], "B")) < 1


@fonts
def test_blank_prints_only_the_variable_text(granted):
    _decision, awards = granted
    full = [text for text, _x, _y in _placed(render_certificate(_loaded(awards["hang"])))]
    blank = [text for text, _x, _y in _placed(render_certificate(_loaded(awards["hang"]), blank=True))]
    for printed in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TẶNG", "BẰNG KHEN",
                    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"):
        assert printed in full and printed not in blank
    assert set(blank) <= set(full)


@fonts
def test_blank_without_saved_positions_prints_where_the_full_certificate_does(granted):
    _decision, awards = granted
    award = _loaded(awards["hang"])
    full = {text: (x, y) for text, x, y in _placed(render_certificate(award))}
    blank = _placed(render_certificate(award, blank=True))
    assert len(blank) == 9
    for text, x, y in blank:
        assert abs(full[text][0] - x) < 1 and abs(full[text][1] - y) < 1, text


@fonts
def test_a_long_name_is_made_smaller_to_stay_in_its_width(granted, province):
    long_name = "Nguyễn Thị Hằng Nguyệt Nguyễn Thị Hằng Nguyệt Nguyễn Thị"
    award = _award(granted[0], "BK_CN", person=_person(long_name), unit=province.unit("SYT"))
    positions = {**DEFAULT_POSITIONS, "name": {"x": 100, "y": 100, "width": 100, "size": 30, "align": "L"}}
    placed = _placed(render_certificate(_loaded(award), blank=True, positions=positions))
    name_lines = [(text, x, y) for text, x, y in placed if text in long_name and abs(x - 100) < 0.5]
    assert name_lines[0][2] == pytest.approx(100, abs=1)
    assert all(_width_mm(text, "B", 18) <= 100.5 for text, _x, _y in name_lines)


# ── saving the positions ──


def test_saving_positions_is_audited_with_the_changes(province):
    award_type = AwardType.objects.get(code="BK_CN")
    office = province.user("vanphong")
    layout = certificates.certificate_layout_save(
        by=office, award_type=award_type, positions={"name": {**DEFAULT_POSITIONS["name"], "y": "101,5"}})
    layout.refresh_from_db()
    assert layout.positions["name"] == {"x": 148.5, "y": 101.5, "width": 245.0, "size": 30.0, "align": "C"}
    assert layout.positions["signer"] == {**DEFAULT_POSITIONS["signer"], "width": 125.0, "size": 15.0}
    assert layout.updated_by == office
    event = AuditEvent.objects.filter(action="awards.certificate_layout.saved").get()
    assert (event.target_id, event.actor_id) == (layout.pk, office.pk)
    assert event.data == {"award_type": "BK_CN", "changes": {"name.y": [99.2, 101.5]}}
    assert certificates.positions_of(award_type)["name"]["y"] == 101.5


@pytest.mark.parametrize(("row", "key", "message"), [
    ({"size": 7}, "name_size", "The size is between 8 and 48 points."),
    ({"size": 49}, "name_size", "The size is between 8 and 48 points."),
    ({"x": 20, "width": 100, "align": "C"}, "name_x", "The box (x -30 to 70 mm) must stay inside the sheet, "
                                                       "0 to 297 mm."),
    ({"x": 250, "width": 60, "align": "L"}, "name_x", "The box (x 250 to 310 mm) must stay inside the sheet, "
                                                       "0 to 297 mm."),
    ({"y": 211}, "name_y", "The line must sit on the sheet: y between 0 and 210 mm."),
    ({"y": "mười"}, "name_y", "Enter a number."),
    ({"align": "J"}, "name_align", "Alignment is L (left), C (centre) or R (right)."),
])
def test_positions_out_of_range_are_refused(province, row, key, message):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        certificates.certificate_layout_save(by=province.user("vanphong"), award_type=AwardType.objects.get(
            code="BK_CN"), positions={"name": {**DEFAULT_POSITIONS["name"], **row}})
    assert raised.value.message_dict == {key: [message]}
    assert not CertificateLayout.objects.exists()


def test_only_the_office_saves_positions_and_only_for_forms_with_a_certificate(province):
    with pytest.raises(PermissionDenied):
        certificates.certificate_layout_save(by=province.user("soyte"), award_type=AwardType.objects.get(
            code="BK_CN"), positions={})
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        certificates.certificate_layout_save(by=province.user("vanphong"), award_type=AwardType.objects.get(
            code="LDTT"), positions={})
    assert raised.value.messages == ["Lao động tiên tiến has no printed certificate."]


# ── the office's page and the test page ──


def test_the_office_edits_the_positions_on_its_page(province):
    award_type = AwardType.objects.get(code="GK_CN")
    client = support.signed_in("vanphong", language="en")
    url = f"/certificate-layouts/{award_type.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="name_y" value="99.2"' in page.content.decode()
    data = {f"{name}_{key}": value for name, row in DEFAULT_POSITIONS.items() for key, value in row.items()}
    response = client.post(url, {**data, "date_x": "200,5", "date_size": "12"})
    assert response.status_code == 302
    assert certificates.positions_of(award_type)["date"] == {"x": 200.5, "y": 157.0, "width": 125.0,
                                                             "size": 12.0, "align": "C"}
    response = client.post(url, {**data, "signer_size": "60"})
    assert response.status_code == 400
    assert "The size is between 8 and 48 points." in response.content.decode()
    assert certificates.positions_of(award_type)["signer"]["size"] == 15


@pytest.mark.parametrize("username", ["soyte", "chutich", "thanhvien"])
def test_only_the_office_reaches_the_positions(province, username):
    award_type = AwardType.objects.get(code="GK_CN")
    client = support.signed_in(username)
    assert client.get("/certificate-layouts/").status_code == 404
    assert client.get(f"/certificate-layouts/{award_type.pk}/").status_code == 404
    assert client.get(f"/certificate-layouts/{award_type.pk}/test.pdf").status_code == 404


def test_a_title_without_a_certificate_has_no_positions_page(province):
    award_type = AwardType.objects.get(code="LDTT")
    assert support.signed_in("vanphong").get(f"/certificate-layouts/{award_type.pk}/").status_code == 404


@fonts
def test_the_test_page_has_a_labelled_millimetre_grid_and_each_sample_at_its_position(province):
    award_type = AwardType.objects.get(code="BK_CN")
    certificates.certificate_layout_save(by=province.user("vanphong"), award_type=award_type, positions=LAYOUT)
    response = support.signed_in("vanphong").get(f"/certificate-layouts/{award_type.pk}/test.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    placed = _placed(response.content)
    top_labels = {text: x for text, x, y in placed if text.isdigit() and y < 4}  # along the top edge
    assert sorted(top_labels, key=int) == [str(n) for n in range(10, 297, 10)]
    assert all(abs(x - (int(text) + 0.5)) < 0.2 for text, x in top_labels.items())  # just right of its line
    left_labels = {text: y for text, x, y in placed if text.isdigit() and x < 2}  # along the left edge
    assert sorted(left_labels, key=int) == [str(n) for n in range(10, 210, 10)]
    at = {text: (x, y) for text, x, y in placed}
    x, y = at["Nguyễn Thị Hằng Nguyệt"]
    assert (abs(x - 60) < 1, abs(y - 95.5) < 1) == (True, True)
    x, y = at["Lê Ánh Dương"]
    assert abs(x + _width_mm("Lê Ánh Dương", "B", 14) - 272) < 1 and abs(y - 190) < 1
    assert render_test_page(certificates.positions_of(award_type))[:5] == b"%PDF-"


# ── a decision's certificates as one PDF ──


def _fifty(province) -> tuple[Decision, list[Award]]:
    """A decision of 50 Bằng khen: 30 persons, then 20 collectives (created collectives first, persons second, so
    the annex's order differs from the order of creation), and a revoked one and a title left out."""
    decision = _decision(number="301")
    units = [province.unit(code) for code in ("SYT", "H-HH", "H-YT")]
    made = [_award(decision, "BK_TT", unit=units[i % 3], print_text=f"Thành tích tập thể số {i}") for i in range(20)]
    made += [_award(decision, "BK_CN", person=_person(f"Người số {i:02d}"), unit=units[i % 3],
                    print_text=f"Thành tích cá nhân số {i:02d}") for i in range(30)]
    _award(decision, "BK_CN", person=_person("Người bị thu hồi"), unit=units[0], status="revoked")
    _award(decision, "TTLDXS", unit=units[1])
    return decision, made


@fonts
@pytest.mark.parametrize("blank", [False, True])
def test_a_50_item_decision_prints_50_pages_in_the_annexs_order(province, blank):
    decision, made = _fifty(province)
    _decision_, awards = certificates.decision_certificates(user=province.user("vanphong"), decision_id=decision.pk)
    started = time.perf_counter()
    content = render_certificates(awards, blank=blank)
    elapsed = time.perf_counter() - started
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 50
    order = sorted(made, key=lambda a: (a.award_type.order, a.award_type.code, a.pk))
    assert order[0].award_type.code == "BK_CN"  # persons first: their form comes first in the catalog
    for index in (0, 29, 30, 49):
        lines = reader.pages[index].extract_text().split("\n")
        assert order[index].print_text in lines, index
    texts = "\n".join(page.extract_text() for page in reader.pages)
    assert "Người bị thu hồi" not in texts
    assert texts.count("BẰNG KHEN") == (0 if blank else 50)
    assert elapsed < 10  # measured on the build machine: about 0.5 s for 50 pages (see the report)


def test_a_decision_with_nothing_to_print_is_refused(province):
    decision = _decision(number="302")
    _award(decision, "TTLDXS", unit=province.unit("SYT"))
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        render_certificates(certificates.decision_certificates(user=province.user("vanphong"),
                                                               decision_id=decision.pk)[1])
    assert raised.value.messages == ["No certificate to print: the decision grants no Bằng khen or Giấy khen that is "
                                     "still in force."]


def test_certificates_wait_for_the_decision_to_be_issued(province):
    decision = _decision(number="303", status="signed")
    response = support.signed_in("vanphong", language="en").get(f"/decisions/{decision.pk}/certificates.pdf")
    assert response.status_code == 400
    assert "The certificates are printed once the decision is issued." in response.content.decode()


@fonts
def test_the_decision_page_links_to_its_certificates_for_whoever_reads_it(granted):
    decision, _awards = granted
    client = support.signed_in("chutich")
    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert f'href="/decisions/{decision.pk}/certificates.pdf?blank=1"' in page
    response = client.get(f"/decisions/{decision.pk}/certificates.pdf?blank=1")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) == 2
    assert support.signed_in("soyte").get(f"/decisions/{decision.pk}/certificates.pdf").status_code == 404


def test_a_unit_awarded_by_a_decision_reads_it_and_prints_only_its_own(granted):
    """Sở Y tế's person and Sở Y tế itself are among the awardees: its clerk reads the decision (it is sent to the
    unit), opens its own two awards and prints its person's certificate, while Yên Thế's award is named but not
    linked, and the decision's every-certificate PDF, Yên Thế's award and its certificate stay out of reach."""
    decision, awards = granted
    clerk = support.signed_in("soyte")
    response = clerk.get(f"/decisions/{decision.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    for own in ("hang", "syt"):
        assert f'href="/awards/{awards[own].pk}/"' in page
    assert f"/awards/{awards['hang'].pk}/certificate.pdf" in page  # Tập thể lao động xuất sắc prints none
    assert f'href="/awards/{awards["yenthe"].pk}/"' not in page and awards["yenthe"].recipient_name in page
    assert f"/awards/{awards['yenthe'].pk}/certificate" not in page
    assert "/certificates.pdf" not in page
    assert clerk.get(f"/awards/{awards['yenthe'].pk}/").status_code == 404
    assert clerk.get(f"/awards/{awards['hang'].pk}/").status_code == 200
    assert support.signed_in("hiephoa").get(f"/decisions/{decision.pk}/").status_code == 404


@fonts
def test_api_serves_a_decisions_certificates_on_the_blanks(granted, api_client):
    decision, awards = granted
    response = api_client("vanphong").get(f"/api/v1/decisions/{decision.pk}/certificates.pdf?blank=1")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert [page.extract_text().split("\n")[0] for page in reader.pages] == [
        HANG_NGUYET, "Ủy ban nhân dân huyện Yên Thế, tỉnh Bắc Giang"]
    assert api_client("soyte").get(f"/api/v1/decisions/{decision.pk}/certificates.pdf").status_code == 404
    assert PT == pytest.approx(0.3528, abs=1e-4)


@fonts
def test_api_serves_one_certificate_for_its_blank(granted, api_client):
    _decision, awards = granted
    response = api_client("vanphong").get(f"/api/v1/awards/{awards['hang'].pk}/certificate.pdf?blank=1")
    assert response.status_code == 200
    lines = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split("\n")
    assert lines[:3] == [HANG_NGUYET, "Sở Y tế", ACHIEVEMENT]
    assert "BẰNG KHEN" not in lines
