"""Bodies the server will not read: too large → 413, malformed, truncated or cut-short form data → 400, with a clear
message (the API's ``{"detail", "errors"}``, or the 400 page); never a 500, never a half-read upload saved."""

import io
import json

import pytest
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.support import signed_in
from thidua.campaigns.models import Deadline, Submission

LIMIT = 4096  # DATA_UPLOAD_MAX_MEMORY_SIZE in these tests: small, so no test sends megabytes
BOUNDARY = "thidua-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    settings.MEDIA_ROOT = tmp_path / "media"


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def too_large() -> str:
    with translation.override("vi"):
        return gettext("The request is too large: at most %(size)s may be sent at once.") % {
            "size": filesizeformat(LIMIT)}


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None, *,
              closed: bool = True) -> bytes:
    """A multipart body written by hand, optionally without its closing boundary (a truncated upload)."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    for name, (filename, content) in (files or {}).items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


def submission_fields() -> dict[str, str]:
    return {"document_number": "125/KH-UBND", "document_date": "2021-09-20", "signer": "Nguyễn Văn An",
            "summary": "Kế hoạch phát động"}


def submissions_url() -> str:
    return f"/api/v1/deadlines/{Deadline.objects.get(code='VB-PHAT-DONG').pk}/submissions"


class CutShort(io.RawIOBase):
    """A request body whose client goes away after ``after`` bytes: reading on raises OSError, as a WSGI server's
    input does when the connection drops mid-upload."""

    def __init__(self, data: bytes, after: int) -> None:
        self.data, self.after, self.position = data, after, 0

    def read(self, size: int = -1) -> bytes:
        if self.position >= self.after:
            raise OSError("client disconnected")
        size = self.after - self.position if size is None or size < 0 else min(size, self.after - self.position)
        chunk = self.data[self.position:self.position + size]
        self.position += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


# ── too large: 413 ────────────────────────────────────────────────────────────────────────────────────────────


def test_oversized_json_body_to_the_api_is_413_with_the_error_shape(province, api_client):
    body = json.dumps({"unit_id": 1, "year": 2021, "title": "x" * (2 * LIMIT)})
    response = api_client("vanphong").post("/api/v1/nominations", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": too_large(), "errors": []}


def test_oversized_json_body_is_413_before_login(province):
    response = Client().post("/api/v1/auth/token", data=json.dumps({"username": "x" * (2 * LIMIT)}),
                             content_type="application/json")
    assert response.status_code == 413
    assert set(response.json()) == {"detail", "errors"}


def test_json_body_just_under_the_limit_is_read(province, api_client):
    body = json.dumps({"username": "vanphong", "password": "thidua-demo", "pad": "x" * (LIMIT - 200)})
    assert len(body) < LIMIT
    response = Client().post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 200


def test_oversized_urlencoded_form_on_a_page_is_413_with_the_reason(province):
    response = signed_in("vanphong").post("/accounts/login/", "username=" + "x" * (2 * LIMIT),
                                          content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert too_large() in response.content.decode()


def test_multipart_field_over_the_limit_is_413(province, api_client):
    body = multipart({**submission_fields(), "summary": "x" * (2 * LIMIT)}, {"file": ("a.pdf", PDF)})
    response = api_client("yenthe").generic("POST", submissions_url(), body, content_type=MULTIPART)
    assert response.status_code == 413
    assert Submission.objects.count() == 0


def test_content_length_that_is_not_a_number_is_400(province):
    response = Client().generic("POST", "/api/v1/auth/token", b"{}", content_type="application/json",
                                CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert response.json()["detail"] == vi("The request's Content-Length is not a number.")


# ── malformed multipart: 400 ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary=",
                                          "multipart/form-data; boundary=" + "b" * 300])
def test_multipart_with_a_bad_boundary_to_the_api_is_400_with_the_reason(province, api_client, content_type):
    response = api_client("yenthe").generic("POST", submissions_url(), b"garbage", content_type=content_type)
    assert response.status_code == 400
    assert response.json() == {
        "detail": vi("The form data is malformed (multipart/form-data): send it again from the page."), "errors": []}


def test_multipart_with_a_bad_boundary_on_a_page_is_the_400_page_with_the_reason(province):
    response = signed_in("vanphong").generic("POST", "/accounts/login/", b"garbage",
                                             content_type="multipart/form-data; boundary=")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert vi("The form data is malformed (multipart/form-data): send it again from the page.") in html


def test_truncated_upload_to_the_api_is_400_and_saves_nothing(province, api_client):
    body = multipart(submission_fields(), {"file": ("ke-hoach.pdf", PDF)}, closed=False)
    body = body[:-len(b"\r\n")]  # the file part cut off before its end
    response = api_client("yenthe").generic("POST", submissions_url(), body, content_type=MULTIPART)
    assert response.status_code == 400
    assert response.json()["detail"] == vi(
        "The form data is incomplete (its closing boundary is missing): send it again.")
    assert Submission.objects.count() == 0


def test_truncated_form_on_a_page_is_400(province):
    body = multipart({"username": "vanphong", "password": "thidua-demo"}, closed=False)
    client = Client()
    response = client.generic("POST", "/accounts/login/", body, content_type=MULTIPART)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_complete_upload_to_the_api_is_still_accepted(province, api_client):
    body = multipart(submission_fields(), {"file": ("ke-hoach.pdf", PDF)})
    response = api_client("yenthe").generic("POST", submissions_url(), body, content_type=MULTIPART)
    assert response.status_code == 201, response.content
    assert Submission.objects.count() == 1


def test_upload_cut_short_by_the_client_is_400_and_saves_nothing(province, api_client):
    body = multipart(submission_fields(), {"file": ("ke-hoach.pdf", PDF)})
    response = api_client("yenthe").generic("POST", submissions_url(), b"", content_type=MULTIPART,
                                            CONTENT_LENGTH=str(len(body)), CONTENT_TYPE=MULTIPART,
                                            **{"wsgi.input": CutShort(body, after=len(body) // 2)})
    assert response.status_code == 400
    assert response.json()["detail"] == vi("The request was cut short before all of it arrived: send it again.")
    assert Submission.objects.count() == 0


def test_page_form_cut_short_by_the_client_is_400(province):
    body = multipart({"username": "vanphong", "password": "thidua-demo"})
    response = Client().generic("POST", "/accounts/login/", b"", content_type=MULTIPART,
                                CONTENT_LENGTH=str(len(body)), CONTENT_TYPE=MULTIPART,
                                **{"wsgi.input": CutShort(body, after=20)})
    assert response.status_code == 400
    assert vi("The request was cut short before all of it arrived: send it again.") in response.content.decode()


def test_empty_multipart_post_is_left_to_the_view(province):
    """No body at all is not a truncated one: the login page shows its form again (the fields are required)."""
    response = Client().generic("POST", "/accounts/login/", b"", content_type=MULTIPART)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
