"""No dead end on an action's address: a GET of a URL whose view acts only on POST (a reload after a form error,
the language switch coming back to the address in the browser) goes back to the page the form belongs to instead of
answering 405 Method Not Allowed."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.support import signed_in
from thidua.awards.models import Nomination
from thidua.core.decorators import form_page

#: A value for each path converter, to build an address from a pattern.
SAMPLES = {"IdConverter": "1", "IntConverter": "1", "StringConverter": "x", "SlugConverter": "x",
           "PathConverter": "x", "UUIDConverter": "00000000-0000-0000-0000-000000000000"}


def _routes(patterns=None, prefix: str = ""):
    """(address, view) of every pattern of the site outside the admin and the API, with sample arguments."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if route.startswith(("admin/", "api/", "^")):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + _fill(entry))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + _fill(entry), entry.callback


def _fill(entry) -> str:
    route = str(entry.pattern)
    for name, converter in entry.pattern.converters.items():
        sample = SAMPLES[type(converter).__name__]
        route = route.replace(f"<{type(converter).__name__}:{name}>", sample)
        for prefix in ("id", "int", "str", "slug", "path", "uuid", "kind"):
            route = route.replace(f"<{prefix}:{name}>", sample)
        route = route.replace(f"<{name}>", sample)
    return route


def post_only_routes() -> list[str]:
    return sorted(path for path, view in _routes() if getattr(view, "post_only", False))


def test_the_site_has_post_only_actions_to_check():
    routes = post_only_routes()
    assert len(routes) >= 30, routes  # the form actions of every app (send, sign, issue, revoke, …)
    assert all("<" not in path for path in routes), [p for p in routes if "<" in p]


@pytest.mark.parametrize("path", post_only_routes())
def test_a_get_of_a_post_only_address_goes_back_to_a_page_a_get_can_open(province, path):
    response = signed_in("vanphong").get(path)
    assert response.status_code == 302, (path, response.status_code)
    target = response["Location"]
    assert not getattr(resolve(target).func, "post_only", False), (path, target)
    assert target == form_page(path) and path.startswith(target.rstrip("/")) or target == "/"
    assert signed_in("vanphong").get(target).status_code != 405


def test_a_form_error_then_the_language_switch_lands_on_the_form_s_page_not_a_405(province):
    nomination = Nomination.objects.filter(unit_id=province.unit_ids["SYT"]).first() or Nomination.objects.first()
    client = signed_in("vanphong")
    action = f"/nominations/{nomination.pk}/transition"
    assert getattr(resolve(action).func, "post_only", False)
    client.post(action, {"to": "nonsense"})  # a form error: the page shown is the action's address
    switched = client.post("/i18n/setlang/", {"language": "en", "next": action}, follow=True)
    assert switched.status_code == 200
    assert all(status != 405 for _url, status in switched.redirect_chain)
    assert switched.request["PATH_INFO"] == f"/nominations/{nomination.pk}/"


def test_other_methods_than_get_are_still_refused_on_an_action():
    from django.test import RequestFactory

    from thidua.core.decorators import post_only

    view = post_only(lambda request: None)
    assert view(RequestFactory().put("/x/y")).status_code == 405
