"""Dashboards: thin views over ``selectors`` (counts and means come from SQL)."""

urlpatterns: list = []
