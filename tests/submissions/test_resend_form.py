"""The resend form starts from the returned version and shows why it came back (issue 15, part 6)."""

from django.utils.html import escape

from tests.support import signed_in
from thidua.campaigns.models import Submission

from .helpers import FORM, pdf_upload, receive, seed_deadline, send


def submit_url() -> str:
    return f"/campaigns/deadlines/{seed_deadline().pk}/submit/"


def field_value(html: str, name: str) -> str:
    import re

    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if tag is None:  # a textarea
        body = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
        return body.group(1).strip()
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def test_first_sending_starts_from_an_empty_form_and_shows_no_return(province):
    html = signed_in("yenthe").get(submit_url()).content.decode()
    assert field_value(html, "document_number") == ""
    assert field_value(html, "summary") == ""
    assert "return-reasons" not in html


def test_after_a_return_the_form_repeats_the_last_version_and_shows_the_reason(province):
    submission = send(province, "yenthe").submission
    receive(province, "hiephoa", submission, "cluster_head", "return", "Sai trích yếu & thiếu dấu")
    response = signed_in("yenthe").get(submit_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert field_value(html, "document_number") == "125/KH-UBND"
    assert field_value(html, "document_date") == "2021-09-20"
    assert field_value(html, "signer") == escape("Nguyễn Văn An")
    assert field_value(html, "summary") == escape("Kế hoạch phát động đợt thi đua nước rút")
    section = html.split('class="card notice return-reasons"')[1].split("</section>")[0]
    assert escape("Sai trích yếu & thiếu dấu") in section
    assert "Yên Thế" not in section  # the recipient who returned it is named, not the sender
    assert 'name="file"' in html  # the corrected file must be chosen again


def test_the_resent_version_is_the_one_posted_not_the_prefill(province):
    submission = send(province, "yenthe").submission
    receive(province, "hiephoa", submission, "cluster_head", "return", "Sai số")
    response = signed_in("yenthe").post(submit_url(), {**FORM, "document_number": "126/KH-UBND",
                                                       "file": pdf_upload()})
    assert response.status_code == 302
    latest = Submission.objects.get().versions.order_by("-number").first()
    assert (latest.number, latest.document_number) == (2, "126/KH-UBND")


def test_another_units_return_is_not_shown(province):
    submission = send(province, "yenthe").submission
    receive(province, "hiephoa", submission, "cluster_head", "return", "Lý do riêng của Yên Thế")
    html = signed_in("hiephoa").get(submit_url()).content.decode()
    assert "Lý do riêng của Yên Thế" not in html
    assert field_value(html, "document_number") == ""
