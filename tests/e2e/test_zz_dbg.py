import pytest
from tests.e2e.test_browser import _open_campaign
pytestmark = pytest.mark.browser
def test_dbg(page, login):
    login("vanphong")
    page.screenshot(path="/tmp/e2e-home.png", full_page=True)
    _open_campaign(page)
    h = page.evaluate("document.documentElement.scrollHeight")
    for i, y in enumerate(range(0, 4000, 1000)):
        page.screenshot(path=f"/tmp/e2e-c{i}.png", clip={"x": 0, "y": y, "width": 1280, "height": 1000}, full_page=True)
    page.locator("section.history, .history").first.screenshot(path="/tmp/e2e-hist.png") if page.locator(".history").count() else None
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/e2e-print.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1400}, full_page=True)
    page.pdf(path="/tmp/e2e.pdf") if False else None
    print("H", h)
