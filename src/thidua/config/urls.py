from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from thidua.api.api import api
from thidua.core import setup_views
from thidua.core import views as core_views
from thidua.desk import views as desk_views


def _superusers_only(request) -> bool:
    """The Django admin is the system administrator's (a superuser's) alone: the council office runs its year on the
    app's own pages (setup, catalog, units, users), which check and audit what it does."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("", desk_views.desk, name="home"),
    path("accounts/", include("thidua.accounts.urls")),
    path("setup/", setup_views.setup_index, name="setup"),
    path("setup/holidays/", setup_views.holidays, name="setup_holidays"),
    path("setup/holidays/add/", setup_views.holiday_create, name="setup_holiday_add"),
    path("setup/holidays/<id:holiday_id>/delete", setup_views.holiday_delete, name="setup_holiday_delete"),
    path("jobs/<id:job_id>/", core_views.job_status, name="job"),
    path("jobs/<id:job_id>/download", core_views.job_download, name="job_download"),
    path("notifications/", core_views.notification_list, name="notifications"),
    path("campaigns/", include("thidua.campaigns.urls")),
    path("", include("thidua.org.urls")),
    path("", include("thidua.indicators.urls")),
    path("", include("thidua.evaluation.urls")),
    path("", include("thidua.awards.urls")),
    path("van-ban/mau/", include("thidua.documents.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
