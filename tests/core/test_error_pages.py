"""The error pages are in Vietnamese, in the app's layout: 404 and 403 inside the usual page (menu, language
switch), 500 standing alone (it is drawn without the request's context) and saying nothing was saved."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.support import signed_in


@pytest.fixture
def production_pages(settings):
    settings.DEBUG = False


def test_a_missing_page_is_a_vietnamese_404_in_the_layout(province, production_pages):
    response = signed_in("yenthe").get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy" in html and 'class="topbar"' in html and 'lang="vi"' in html


def test_another_unit_s_record_is_a_404_not_a_trace(province, production_pages):
    response = signed_in("yenthe").get("/nominations/999999999/")
    assert response.status_code == 404 and "Traceback" not in response.content.decode()


def test_a_forbidden_page_is_a_vietnamese_403_in_the_layout(province, production_pages):
    response = signed_in("yenthe").get("/appraisal/")  # the council office's queue
    html = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in html and 'class="topbar"' in html
    assert "Chỉ Thường trực HĐTĐKT" in html  # the reason the service gave


def test_a_server_error_is_a_vietnamese_500_that_needs_no_database(production_pages):
    """No ``db`` fixture: any query would raise, so the page is drawn without the database."""
    from django.utils import translation

    with translation.override("vi"):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in html and "chưa được lưu" in html and 'class="topbar"' in html
    assert 'href="/static/thidua/app.css"' in html or "app.css" in html


def test_an_exception_in_a_view_gives_the_500_page(db, production_pages, settings):
    settings.ROOT_URLCONF = "tests.core.urls_broken"
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500 and "Lỗi máy chủ" in response.content.decode()
