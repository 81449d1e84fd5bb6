"""End-to-end: a real (Debian) Chromium drives the live server with the demo province loaded.

Elements are found by URL, id, ARIA role and Vietnamese *data* (unit names, the campaign title), never by
interface labels, which are being translated.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

CAMPAIGN_TITLE = re.compile("nước rút")


def expect(target):
    from playwright.sync_api import expect as _expect

    return _expect(target)


def _open_campaign(page):
    page.goto("/campaigns/")
    page.locator("table a", has_text=CAMPAIGN_TITLE).click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/$"))


def test_login_and_open_the_campaign(page, login, base_url, e2e_demo, broken_assets, screenshot_dir):
    login("vanphong")
    assert page.url == f"{base_url}/"
    expect(page.locator("h1")).to_contain_text("Nguyễn Thị Thu")  # vanphong's name
    expect(page.locator("header.topbar nav")).to_be_visible()

    _open_campaign(page)
    assert page.url == f"{base_url}/campaigns/{e2e_demo.pk}/"
    expect(page.locator("h1")).to_contain_text("nước rút")
    expect(page.locator("#contents ol li")).to_have_count(9)

    deadline = page.locator("#deadlines tbody tr", has_text="30/09/2021")
    expect(deadline).to_have_count(1)
    expect(deadline.locator("ul.recipients li")).to_have_count(2)

    participants = page.locator("#participants")
    expect(participants.get_by_role("link", name="UBND huyện Hiệp Hòa", exact=True)).to_be_visible()
    expect(participants.get_by_role("link", name="UBND huyện Yên Thế", exact=True)).to_be_visible()

    page.screenshot(path=screenshot_dir / "campaign.png", full_page=True)
    assert broken_assets == []


def _type_search(page, text):
    """Replace the search box's text key by key and wait for htmx's response for exactly that query."""

    def is_search(response):
        query = parse_qs(urlsplit(response.url).query)
        return (
            urlsplit(response.url).path == "/units/"
            and query.get("q") == [text]
            and response.request.headers.get("hx-request") == "true"
        )

    box = page.locator("#id_q")
    with page.expect_response(is_search) as info:
        box.press("Control+a")
        box.press_sequentially(text)
    assert info.value.status == 200


def test_unit_search_updates_as_one_types(page, login, broken_assets, screenshot_dir):
    login("yenthe")
    page.goto("/units/")
    results = page.locator("#unit-results")
    expect(results.locator("#unit-table")).to_be_visible()
    unfiltered = page.locator("#unit-table tbody tr").count()

    _type_search(page, "bac giang")
    expect(results).to_contain_text("UBND thành phố Bắc Giang")
    expect(results).not_to_contain_text("Sở Y tế")
    assert page.locator("#unit-table tbody tr").count() < unfiltered
    expect(page).to_have_url(re.compile(r"[?&]q=bac(\+|%20)giang"))
    expect(page.locator("h1")).to_have_count(1)  # the partial replaced the results, not the whole page
    page.screenshot(path=screenshot_dir / "unit-search.png", full_page=True)

    _type_search(page, "so y te")
    expect(results.get_by_role("link", name="Sở Y tế", exact=True)).to_be_visible()
    expect(results).not_to_contain_text("UBND thành phố Bắc Giang")
    expect(page).to_have_url(re.compile(r"[?&]q=so(\+|%20)y(\+|%20)te"))
    assert broken_assets == []  # htmx itself included


def test_wrong_password_stays_on_the_login_page(page):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("vanphong")
    page.locator("#id_password").fill("not-the-password")
    with page.expect_response(lambda r: r.request.method == "POST" and "/accounts/login/" in r.url) as info:
        page.locator("form:has(#id_password) [type=submit]").click()
    assert info.value.status == 200
    expect(page.get_by_role("alert")).to_be_visible()
    assert urlsplit(page.url).path == "/accounts/login/"
    expect(page.locator("#id_username")).to_have_value("vanphong")
    expect(page.locator("#id_password")).to_have_value("")

    # Still signed out: a protected page sends us back here.
    page.goto("/campaigns/")
    assert urlsplit(page.url).path == "/accounts/login/"


def test_clerk_cannot_see_another_units_person_and_anonymous_is_sent_to_login(page, login, base_url):
    from thidua.org.models import Person

    # Anonymous first, in this fresh context.
    response = page.goto("/campaigns/")
    assert response.status == 200  # the login page, after the redirect
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url == f"{base_url}/campaigns/"
    assert urlsplit(page.url).path == "/accounts/login/"
    assert parse_qs(urlsplit(page.url).query)["next"] == ["/campaigns/"]
    expect(page.locator("#id_username")).to_be_visible()

    at_hiep_hoa = Person.objects.get(employments__unit__code="H-HH", full_name="Đỗ Thị Bích")
    at_yen_the = Person.objects.get(employments__unit__code="H-YT", full_name="Nguyễn Văn An")

    login("yenthe")
    response = page.goto(f"/persons/{at_yen_the.pk}/")
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("Nguyễn Văn An")

    response = page.goto(f"/persons/{at_hiep_hoa.pk}/")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Đỗ Thị Bích")
    expect(page.locator("header.topbar")).to_be_visible()  # the site's own 404 page, not a bare error


def test_campaign_prints_without_the_navigation(page, login):
    login("chutich")
    _open_campaign(page)
    topbar = page.locator("header.topbar")
    expect(topbar).to_be_visible()

    page.emulate_media(media="print")
    expect(topbar).to_be_hidden()
    expect(page.locator("footer.footer")).to_be_hidden()
    expect(page.locator("h1")).to_contain_text("nước rút")
    expect(page.locator("#contents ol li")).to_have_count(9)

    page.emulate_media(media="screen")
    expect(topbar).to_be_visible()


def test_printed_plan_shows_the_content_area_bodies(page, login):
    login("vanphong")
    _open_campaign(page)
    bodies = page.locator("#contents details > p")
    expect(bodies).to_have_count(9)
    expect(bodies.first).to_be_hidden()  # folded on screen

    page.emulate_media(media="print")
    expect(bodies.first).to_be_visible(timeout=2_000)
    expect(bodies.last).to_be_visible(timeout=2_000)
