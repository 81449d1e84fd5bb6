"""API v1: one NinjaAPI; each app contributes a router. Everything but health needs a login."""

from ninja import NinjaAPI

import thidua
from thidua.accounts.api import router as auth_router
from thidua.awards.api import router as awards_router
from thidua.campaigns.api import router as campaigns_router
from thidua.core.api import router as core_router
from thidua.evaluation.api import router as evaluation_router
from thidua.indicators.api import router as indicators_router
from thidua.org.api import router as org_router

from . import errors
from .auth import AUTH


class ThiduaAPI(NinjaAPI):
    """The API whose OpenAPI document also declares every operation's error responses (``errors.document``)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return errors.document(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = ThiduaAPI(
    title="thidua API",
    version=f"1 ({thidua.__version__})",
    description="Emulation campaigns and commendations (thi đua, khen thưởng). Authenticate with POST /auth/token.",
    auth=AUTH,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", core_router)
api.add_router("", auth_router)
api.add_router("", campaigns_router)
api.add_router("", org_router)
api.add_router("", indicators_router)
api.add_router("", evaluation_router)
api.add_router("", awards_router)
