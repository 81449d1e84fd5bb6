"""GET /api/v1/clusters?year=: clusters and blocks with their head, deputy and member ids."""

import pytest

from thidua.org import services
from thidua.org.enums import ClusterKind

CLUSTER_KEYS = {"id", "name", "kind", "year", "head_unit_id", "deputy_unit_id", "member_unit_ids"}


@pytest.fixture
def clerk(province, api_client):
    return api_client("hiephoa")


def test_clusters_2021_show_hiep_hoa_heading_the_cluster_of_yen_the(province, clerk):
    response = clerk.get("/api/v1/clusters?year=2021")
    assert response.status_code == 200
    headed = [c for c in response.json() if c["head_unit_id"] == province.unit_ids["H-HH"]]
    assert len(headed) == 1
    assert province.unit_ids["H-YT"] in headed[0]["member_unit_ids"]
    assert headed[0]["name"] == "Cụm thi đua số 1"


def test_clusters_2021_cluster_one_exactly(province, clerk):
    cluster = next(c for c in clerk.get("/api/v1/clusters?year=2021").json() if c["name"] == "Cụm thi đua số 1")
    assert set(cluster) == CLUSTER_KEYS
    member_ids = cluster.pop("member_unit_ids")
    assert cluster == {"id": province.cluster_ids["Cụm thi đua số 1"], "name": "Cụm thi đua số 1", "kind": "cluster",
                       "year": 2021, "head_unit_id": province.unit_ids["H-HH"],
                       "deputy_unit_id": province.unit_ids["H-TY"]}
    assert sorted(member_ids) == sorted(province.unit_ids[c] for c in ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"])


def test_clusters_2021_are_two_clusters_and_six_blocks(clerk):
    rows = clerk.get("/api/v1/clusters?year=2021").json()
    assert sorted(c["kind"] for c in rows) == ["block"] * 6 + ["cluster"] * 2
    assert {c["year"] for c in rows} == {2021}
    assert sum(len(c["member_unit_ids"]) for c in rows) == 54


def test_clusters_filter_by_kind(clerk):
    assert sorted(c["name"] for c in clerk.get("/api/v1/clusters?year=2021&kind=cluster").json()) == [
        "Cụm thi đua số 1", "Cụm thi đua số 2"]


def test_clusters_of_a_year_without_any_are_empty(clerk):
    assert clerk.get("/api/v1/clusters?year=2022").json() == []


def test_clusters_without_a_year_list_every_year_newest_first(province, clerk):
    services.cluster_create(by=None, name="Cụm thi đua số 1", kind=ClusterKind.CLUSTER, year=2022,
                            members=[province.unit("UBND-BN")])
    years = [c["year"] for c in clerk.get("/api/v1/clusters").json()]
    assert years == [2022] + [2021] * 8


def test_cluster_detail_by_id(province, clerk):
    response = clerk.get(f"/api/v1/clusters/{province.cluster_ids['Khối văn hóa - xã hội']}")
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["head_unit_id"]) == ("block", province.unit_ids["SYT"])
