"""Pages for targets and progress. Dashboards live in ``dashboard_views``; entry, catalog and import in ``views``."""

from . import dashboard_views, views

app_name = "indicators"
urlpatterns = dashboard_views.urlpatterns + views.urlpatterns
