"""The project's URLs plus two minimal endpoints: the framework's floor for pages and for the API.

Used only through ``override_settings(ROOT_URLCONF="bench.urls")`` while measuring, so the production URL
configuration never carries them.
"""

from django.http import HttpResponse
from django.urls import path
from ninja import NinjaAPI

from thidua.config import urls as project_urls

FLOOR_PAGE_URL = "/__bench__/floor/"
FLOOR_API_URL = "/__bench__/api/floor"


def floor_view(request):
    """No template, no database: what Django's middleware, URL resolution and handler cost by themselves."""
    return HttpResponse("ok", content_type="text/plain")


floor_api = NinjaAPI(title="bench floor", urls_namespace="bench-floor", docs_url=None, openapi_url=None)


@floor_api.get("/floor", auth=None)
def floor_endpoint(request):
    """The same for Django Ninja: routing, operation dispatch and JSON rendering of a tiny object."""
    return {"ok": True}


urlpatterns = [
    path("__bench__/floor/", floor_view),
    path("__bench__/api/", floor_api.urls),
    *project_urls.urlpatterns,
]
