"""The office rotates a cluster's head and deputy on the app's own page (issue 15, part 7: only the admin could,
and the admin is the superusers' now): among the members only, audited, nothing changed on a refusal; clerks get
403 and the history names the units."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support import signed_in
from thidua.core.models import AuditEvent
from thidua.org.models import Cluster, ClusterMembership, Unit


def _cluster(province) -> Cluster:
    return Cluster.objects.get(pk=next(iter(province.cluster_ids.values())))


def _url(cluster) -> str:
    return reverse("org:setup_cluster_leadership", args=[cluster.pk])


def test_the_office_changes_the_head_and_deputy_among_the_members(province):
    cluster = _cluster(province)
    members = list(Unit.objects.filter(memberships__cluster=cluster).exclude(
        pk__in=[cluster.head_unit_id or 0, cluster.deputy_unit_id or 0]).order_by("id")[:2])
    client = signed_in("vanphong")
    page = client.get(_url(cluster))
    assert page.status_code == 200 and f'value="{members[0].pk}"' in page.content.decode()
    response = client.post(_url(cluster), {"head": members[0].pk, "deputy": members[1].pk})
    assert response.status_code == 302 and response["Location"] == reverse("org:cluster_detail", args=[cluster.pk])
    cluster.refresh_from_db()
    assert (cluster.head_unit_id, cluster.deputy_unit_id) == (members[0].pk, members[1].pk)
    event = AuditEvent.objects.filter(action="org.cluster.leadership_changed", target_id=cluster.pk).latest("id")
    assert event.data["changes"]["head_unit_id"][1] == members[0].pk
    detail = client.get(reverse("org:cluster_detail", args=[cluster.pk])).content.decode()
    assert f"→ {members[0].name}" in detail  # the history names the new head


def test_a_unit_outside_the_cluster_is_refused_and_nothing_changes(province):
    cluster = _cluster(province)
    outsider = Unit.objects.exclude(pk__in=ClusterMembership.objects.filter(cluster=cluster).values("unit_id")).first()
    before = (cluster.head_unit_id, cluster.deputy_unit_id)
    response = signed_in("vanphong").post(_url(cluster), {"head": outsider.pk, "deputy": ""})
    assert response.status_code == 400
    cluster.refresh_from_db()
    assert (cluster.head_unit_id, cluster.deputy_unit_id) == before
    assert not AuditEvent.objects.filter(action="org.cluster.leadership_changed", target_id=cluster.pk).exists()


@pytest.mark.parametrize("username", ["hiephoa", "yenthe", "chutich"])
def test_others_cannot_change_a_clusters_leadership(province, username):
    cluster = _cluster(province)
    member = Unit.objects.filter(memberships__cluster=cluster).exclude(pk=cluster.head_unit_id or 0).first()
    before = (cluster.head_unit_id, cluster.deputy_unit_id)
    client = signed_in(username)
    assert client.get(_url(cluster)).status_code in (403, 404)
    assert client.post(_url(cluster), {"head": member.pk}).status_code in (403, 404)
    cluster.refresh_from_db()
    assert (cluster.head_unit_id, cluster.deputy_unit_id) == before
    assert 'id="cluster-leadership-link"' not in client.get(
        reverse("org:cluster_detail", args=[cluster.pk])).content.decode()
