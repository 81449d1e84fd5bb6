"""The admin's lists make the same number of queries for 5 rows as for 60 (issue 16, part 5: the audit log and the
clusters made one query per row for their nullable foreign keys), and every list follows the foreign keys it shows."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.test import Client

from thidua.accounts.models import User
from thidua.core.audit import log_action
from thidua.org.models import Cluster, Unit


def _admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("quantri-bench", "qt@example.gov.vn", "Qu4n-tri-2026"))
    return client


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_every_admin_list_follows_the_foreign_keys_it_shows():
    for model, model_admin in admin.site._registry.items():
        shown = [name for name in model_admin.list_display if isinstance(name, str) and any(
            field.name == name and isinstance(field, models.ForeignKey) for field in model._meta.get_fields())]
        if shown:
            assert set(shown) <= set(model_admin.list_select_related or ()), (model._meta.label, shown)


def test_the_audit_log_list_costs_the_same_for_more_rows(province):
    client = _admin_client()
    units = list(Unit.objects.order_by("id")[:60])
    users = list(User.objects.order_by("id"))
    for index in range(5):
        log_action("test.admin", actor=users[index % len(users)], target=units[index])
    few = _queries(client, "/admin/core/auditevent/?action=test.admin")
    for index in range(5, 60):
        log_action("test.admin", actor=users[index % len(users)], target=units[index % len(units)])
    assert _queries(client, "/admin/core/auditevent/?action=test.admin") == few


def test_the_cluster_list_costs_the_same_for_more_rows(province):
    client = _admin_client()
    units = list(Unit.objects.order_by("id")[:40])
    for index in range(3):
        Cluster.objects.create(name=f"Cụm thử {index}", kind="cluster", year=1990, head_unit=units[index],
                               deputy_unit=units[index + 1])
    few = _queries(client, "/admin/org/cluster/?year=1990")
    for index in range(3, 38):
        Cluster.objects.create(name=f"Cụm thử {index}", kind="cluster", year=1990, head_unit=units[index],
                               deputy_unit=units[index + 1])
    assert _queries(client, "/admin/org/cluster/?year=1990") == few
