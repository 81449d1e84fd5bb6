"""Writes for units, lineage, clusters, people and employment: rules, audit events, and nothing half-written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.enums import ClusterKind, LineageKind, UnitKind
from thidua.org.models import Cluster, ClusterMembership, Employment, Person, Unit, UnitLineage


def rows() -> dict[str, int]:
    """Row counts of every table these services write, to prove a refusal leaves nothing behind."""
    return {model.__name__: model.objects.count()
            for model in (Unit, UnitLineage, Cluster, ClusterMembership, Person, Employment, AuditEvent)}


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def new_unit(code: str, name: str, kind: str = UnitKind.LOCALITY, **extra) -> Unit:
    return services.unit_create(by=None, code=code, name=name, kind=kind, **extra)


# --- unit_create / unit_update ---------------------------------------------------------------------------------


def test_unit_create_writes_an_audit_event_with_the_new_values(province):
    vanphong = province.user("vanphong")
    parent = province.unit("UBND-BG")
    unit = services.unit_create(by=vanphong, code="H-MOI", name="UBND huyện Mới", kind=UnitKind.LOCALITY,
                                short_name="Mới", parent=parent, valid_from=datetime.date(2021, 1, 1))
    event = last_event("org.unit.created")
    assert (event.actor, event.target_id, event.target_repr) == (vanphong, unit.pk, "UBND huyện Mới")
    assert event.data == {"after": {"code": "H-MOI", "name": "UBND huyện Mới", "short_name": "Mới",
                                    "kind": "locality", "parent_id": parent.pk, "valid_from": "2021-01-01",
                                    "valid_to": None, "symbol": "", "competence_basis": ""}}


def test_unit_create_sets_the_folded_search_text(province):
    unit = new_unit("DV-DAI", "Đài Truyền thanh huyện Đồng Văn", short_name="Đài TT")
    assert unit.search_text == "dai truyen thanh huyen dong van dai tt dv-dai"


def test_unit_create_with_a_taken_code_is_refused_and_writes_nothing(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.unit_create(by=province.user("vanphong"), code="H-YT", name="Trùng mã", kind=UnitKind.LOCALITY)
    assert rows() == before


def test_unit_create_with_an_unknown_kind_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        new_unit("X-1", "Không rõ loại", kind="planet")
    assert rows() == before


def test_unit_create_ending_before_it_begins_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        new_unit("X-2", "Ngược ngày", valid_from=datetime.date(2022, 1, 1), valid_to=datetime.date(2021, 1, 1))
    assert rows() == before


def test_unit_update_records_each_changed_value_before_and_after(province):
    vanphong = province.user("vanphong")
    unit = province.unit("H-YT")
    services.unit_update(by=vanphong, unit=unit, name="UBND thị xã Yên Thế")
    event = last_event("org.unit.updated")
    assert (event.actor, event.target_id) == (vanphong, unit.pk)
    assert event.data == {"changes": {"name": ["UBND huyện Yên Thế", "UBND thị xã Yên Thế"]}}
    unit.refresh_from_db()
    assert (unit.name, unit.search_text) == ("UBND thị xã Yên Thế", "ubnd thi xa yen the yen the h-yt")


def test_unit_update_with_several_fields_records_only_the_changed_ones(province):
    unit = province.unit("SYT")
    services.unit_update(by=None, unit=unit, name="Sở Y tế", short_name="SYT", valid_from=datetime.date(2008, 4, 1))
    assert last_event("org.unit.updated").data == {
        "changes": {"short_name": ["Sở Y tế", "SYT"], "valid_from": [None, "2008-04-01"]}
    }


def test_unit_update_without_a_change_writes_no_event(province):
    unit = province.unit("SYT")
    before = rows()
    services.unit_update(by=None, unit=unit, name="Sở Y tế")
    assert rows() == before


def test_unit_update_of_a_protected_field_is_refused(province):
    unit = province.unit("SYT")
    before = rows()
    with pytest.raises(ValidationError):
        services.unit_update(by=None, unit=unit, code="SYT-2")
    assert rows() == before
    assert Unit.objects.get(pk=unit.pk).code == "SYT"


def test_unit_update_ending_before_it_begins_is_refused_and_keeps_the_old_values(province):
    unit = province.unit("UBND-BG")
    with pytest.raises(ValidationError):
        services.unit_update(by=None, unit=unit, valid_to=datetime.date(1990, 1, 1))
    assert Unit.objects.get(pk=unit.pk).valid_to == datetime.date(2025, 6, 30)


# --- lineage_record --------------------------------------------------------------------------------------------


def test_lineage_merge_ends_the_source_the_day_before(province):
    source = new_unit("H-A", "UBND huyện A")
    target = new_unit("H-B", "UBND huyện B")
    lineage = services.lineage_record(by=province.user("vanphong"), kind=LineageKind.MERGE, source=source,
                                      target=target, effective_on=datetime.date(2025, 7, 1),
                                      decision_reference="NQ 1/2025")
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.valid_to == datetime.date(2025, 6, 30)
    assert target.valid_to is None
    assert (lineage.kind, lineage.source_id, lineage.target_id, lineage.effective_on) == (
        "merge", source.pk, target.pk, datetime.date(2025, 7, 1))


def test_lineage_merge_writes_the_merge_and_the_end_date_to_the_audit_log(province):
    vanphong = province.user("vanphong")
    source = new_unit("H-A", "UBND huyện A")
    target = new_unit("H-B", "UBND huyện B")
    services.lineage_record(by=vanphong, kind=LineageKind.MERGE, source=source, target=target,
                            effective_on=datetime.date(2025, 7, 1), decision_reference="NQ 1/2025")
    merge = last_event("org.unit.merge")
    assert (merge.actor, merge.target_id) == (vanphong, source.pk)
    assert merge.data == {"target": target.pk, "target_name": "UBND huyện B", "effective_on": "2025-07-01",
                          "decision_reference": "NQ 1/2025"}
    ended = last_event("org.unit.updated")
    assert (ended.actor, ended.target_id, ended.data) == (
        vanphong, source.pk, {"changes": {"valid_to": [None, "2025-06-30"]}})


def test_lineage_rename_ends_the_source_the_day_before(province):
    source = new_unit("S-CU", "Sở Cũ", kind=UnitKind.DEPARTMENT)
    target = new_unit("S-MOI", "Sở Mới", kind=UnitKind.DEPARTMENT)
    services.lineage_record(by=None, kind=LineageKind.RENAME, source=source, target=target,
                            effective_on=datetime.date(2025, 3, 1))
    source.refresh_from_db()
    assert source.valid_to == datetime.date(2025, 2, 28)
    assert last_event("org.unit.rename").target_id == source.pk


def test_lineage_split_leaves_the_source_alive(province):
    source = new_unit("H-GOC", "UBND huyện Gốc")
    target = new_unit("H-TACH", "UBND huyện Tách")
    services.lineage_record(by=None, kind=LineageKind.SPLIT, source=source, target=target,
                            effective_on=datetime.date(2024, 1, 1))
    source.refresh_from_db()
    assert source.valid_to is None
    assert last_event("org.unit.split").target_id == source.pk


def test_lineage_merge_keeps_an_earlier_end_date(province):
    source = new_unit("H-A", "UBND huyện A", valid_to=datetime.date(2020, 12, 31))
    target = new_unit("H-B", "UBND huyện B")
    services.lineage_record(by=None, kind=LineageKind.MERGE, source=source, target=target,
                            effective_on=datetime.date(2025, 7, 1))
    source.refresh_from_db()
    assert source.valid_to == datetime.date(2020, 12, 31)


def test_lineage_to_itself_is_refused_and_writes_nothing(province):
    unit = province.unit("H-YT")
    before = rows()
    with pytest.raises(ValidationError):
        services.lineage_record(by=None, kind=LineageKind.MERGE, source=unit, target=unit,
                                effective_on=datetime.date(2025, 7, 1))
    assert rows() == before


def test_lineage_of_an_unknown_kind_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.lineage_record(by=None, kind="absorb", source=province.unit("H-YT"), target=province.unit("H-HH"),
                                effective_on=datetime.date(2025, 7, 1))
    assert rows() == before


def test_lineage_merge_that_cannot_end_the_source_leaves_no_lineage_row(province):
    """The end date would fall before the unit began: the whole merge is rolled back, lineage row included."""
    source = new_unit("H-A", "UBND huyện A", valid_from=datetime.date(2025, 7, 1))
    target = new_unit("H-B", "UBND huyện B")
    before = rows()
    with pytest.raises(ValidationError):
        services.lineage_record(by=None, kind=LineageKind.MERGE, source=source, target=target,
                                effective_on=datetime.date(2025, 7, 1))
    assert rows() == before
    assert Unit.objects.get(pk=source.pk).valid_to is None


def test_lineage_recorded_twice_is_refused_with_a_validation_error(province):
    source = province.unit("UBND-BG")
    target = province.unit("UBND-BN")
    before = rows()
    with pytest.raises(ValidationError):
        services.lineage_record(by=None, kind=LineageKind.MERGE, source=source, target=target,
                                effective_on=datetime.date(2025, 7, 1))
    assert rows() == before


# --- cluster_create / cluster_set_leadership -------------------------------------------------------------------


def test_cluster_create_writes_members_and_an_audit_event(province):
    vanphong = province.user("vanphong")
    a = new_unit("H-A", "UBND huyện A")
    b = new_unit("H-B", "UBND huyện B")
    cluster = services.cluster_create(by=vanphong, name="Cụm thi đua số 3", kind=ClusterKind.CLUSTER, year=2021,
                                      members=[a, b], head=a, deputy=b)
    assert sorted(cluster.memberships.values_list("unit_id", "year")) == sorted([(a.pk, 2021), (b.pk, 2021)])
    event = last_event("org.cluster.created")
    assert (event.actor, event.target_id, event.target_repr) == (vanphong, cluster.pk, "Cụm thi đua số 3 (2021)")
    assert event.data == {"kind": "cluster", "year": 2021, "head": a.pk, "deputy": b.pk,
                          "members": sorted([a.pk, b.pk])}


def test_cluster_create_with_a_unit_already_in_a_cluster_that_year_is_refused(province):
    yen_the = province.unit("H-YT")
    before = rows()
    with pytest.raises(ValidationError) as refused:
        services.cluster_create(by=None, name="Cụm mới", kind=ClusterKind.CLUSTER, year=2021,
                                members=[yen_the, province.unit("UBND-BN")], head=yen_the)
    assert "UBND huyện Yên Thế" in refused.value.messages[0]
    assert rows() == before


def test_cluster_create_with_the_same_unit_another_year_is_allowed(province):
    yen_the = province.unit("H-YT")
    cluster = services.cluster_create(by=None, name="Cụm thi đua số 1", kind=ClusterKind.CLUSTER, year=2022,
                                      members=[yen_the], head=yen_the)
    assert list(ClusterMembership.objects.filter(unit=yen_the).order_by("year").values_list("year", flat=True)) == [
        2021, 2022]
    assert cluster.head_unit_id == yen_the.pk


def test_cluster_create_with_a_head_that_is_not_a_member_is_refused(province):
    a = new_unit("H-A", "UBND huyện A")
    b = new_unit("H-B", "UBND huyện B")
    before = rows()
    with pytest.raises(ValidationError):
        services.cluster_create(by=None, name="Cụm 9", kind=ClusterKind.CLUSTER, year=2022, members=[a], head=b)
    assert rows() == before


def test_cluster_create_with_a_deputy_that_is_not_a_member_is_refused(province):
    a = new_unit("H-A", "UBND huyện A")
    b = new_unit("H-B", "UBND huyện B")
    before = rows()
    with pytest.raises(ValidationError):
        services.cluster_create(by=None, name="Cụm 9", kind=ClusterKind.CLUSTER, year=2022, members=[a], head=a,
                                deputy=b)
    assert rows() == before


def test_cluster_create_of_an_unknown_kind_is_refused(province):
    a = new_unit("H-A", "UBND huyện A")
    before = rows()
    with pytest.raises(ValidationError):
        services.cluster_create(by=None, name="Cụm 9", kind="league", year=2022, members=[a])
    assert rows() == before


def test_cluster_create_with_a_name_taken_that_year_is_refused_with_a_validation_error(province):
    a = new_unit("H-A", "UBND huyện A")
    before = rows()
    with pytest.raises(ValidationError):
        services.cluster_create(by=None, name="Cụm thi đua số 1", kind=ClusterKind.CLUSTER, year=2021, members=[a])
    assert rows() == before


def test_cluster_set_leadership_records_the_rotation(province):
    vanphong = province.user("vanphong")
    cluster = province.cluster("Cụm thi đua số 1")
    yen_the, viet_yen = province.unit("H-YT"), province.unit("H-VY")
    services.cluster_set_leadership(by=vanphong, cluster=cluster, head=yen_the, deputy=viet_yen)
    cluster.refresh_from_db()
    assert (cluster.head_unit_id, cluster.deputy_unit_id) == (yen_the.pk, viet_yen.pk)
    event = last_event("org.cluster.leadership_changed")
    assert (event.actor, event.target_id) == (vanphong, cluster.pk)
    assert event.data == {"changes": {"head_unit_id": [province.unit_ids["H-HH"], yen_the.pk],
                                      "deputy_unit_id": [province.unit_ids["H-TY"], viet_yen.pk]}}


def test_cluster_set_leadership_to_a_non_member_is_refused(province):
    cluster = province.cluster("Cụm thi đua số 1")
    before = rows()
    with pytest.raises(ValidationError):
        services.cluster_set_leadership(by=None, cluster=cluster, head=province.unit("SYT"), deputy=None)
    assert rows() == before
    assert Cluster.objects.get(pk=cluster.pk).head_unit_id == province.unit_ids["H-HH"]


# --- person_create / employment_record -------------------------------------------------------------------------


def test_person_create_writes_an_audit_event(province):
    vanphong = province.user("vanphong")
    person = services.person_create(by=vanphong, full_name="Trịnh Thị Dung", national_id="024190000404",
                                    date_of_birth=datetime.date(1985, 5, 17))
    assert (person.search_text, person.national_id) == ("trinh thi dung", "024190000404")
    event = last_event("org.person.created")
    assert (event.actor, event.target_id, event.data) == (vanphong, person.pk, {"full_name": "Trịnh Thị Dung"})


def test_person_create_with_a_national_id_on_file_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.person_create(by=None, full_name="Nguyễn Văn An (trùng)", national_id="024080000101")
    assert rows() == before


def test_person_create_with_a_national_id_on_file_and_spaces_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.person_create(by=None, full_name="Nguyễn Văn An", national_id="  024080000101 ")
    assert rows() == before


def test_person_create_with_a_civil_servant_code_on_file_is_refused(province):
    services.person_create(by=None, full_name="Lý Văn Em", civil_servant_code="CC-0001")
    before = rows()
    with pytest.raises(ValidationError):
        services.person_create(by=None, full_name="Lý Văn Em", civil_servant_code="CC-0001")
    assert rows() == before


def test_person_create_without_ids_twice_keeps_two_people(province):
    """Blank national IDs are stored as NULL, so two people without one do not collide."""
    first = services.person_create(by=None, full_name="Phan Văn Giang", national_id="")
    second = services.person_create(by=None, full_name="Phan Văn Giang", national_id="  ")
    assert (first.national_id, second.national_id) == (None, None)
    assert first.pk != second.pk


def test_person_create_by_a_clerk_is_allowed(province):
    person = services.person_create(by=province.user("yenthe"), full_name="Hà Văn Hải")
    assert last_event("org.person.created").actor == province.user("yenthe")
    assert person.full_name == "Hà Văn Hải"


def test_employment_record_closes_the_open_job_the_day_before(province):
    vanphong = province.user("vanphong")
    person = province.person("Nguyễn Văn An")
    old_job = person.employments.get()
    job = services.employment_record(by=vanphong, person=person, unit=province.unit("SNV"),
                                     position="Phó Giám đốc", started_on=datetime.date(2022, 3, 1))
    old_job.refresh_from_db()
    assert old_job.ended_on == datetime.date(2022, 2, 28)
    assert (job.unit_id, job.position, job.ended_on, job.recorded_by) == (
        province.unit_ids["SNV"], "Phó Giám đốc", None, vanphong)
    ended = last_event("org.employment.ended")
    assert (ended.actor, ended.target_id, ended.data) == (
        vanphong, person.pk, {"employment": old_job.pk, "ended_on": "2022-02-28"})
    recorded = last_event("org.employment.recorded")
    assert (recorded.actor, recorded.target_id, recorded.data) == (
        vanphong, person.pk, {"unit": province.unit_ids["SNV"], "position": "Phó Giám đốc",
                              "started_on": "2022-03-01", "ended_on": None})


def test_employment_record_by_a_clerk_of_that_unit_is_allowed(province):
    yenthe = province.user("yenthe")
    person = services.person_create(by=yenthe, full_name="Hà Văn Hải")
    services.employment_record(by=yenthe, person=person, unit=province.unit("H-YT"),
                               started_on=datetime.date(2021, 1, 1))
    assert last_event("org.employment.recorded").actor == yenthe


def test_employment_record_by_a_clerk_of_another_unit_is_denied(province):
    person = province.person("Nguyễn Văn An")
    before = rows()
    with pytest.raises(PermissionDenied):
        services.employment_record(by=province.user("yenthe"), person=person, unit=province.unit("H-HH"),
                                   started_on=datetime.date(2022, 1, 1))
    assert rows() == before


def test_employment_ending_before_it_starts_is_refused_and_keeps_the_open_job(province):
    person = province.person("Nguyễn Văn An")
    before = rows()
    with pytest.raises(ValidationError):
        services.employment_record(by=None, person=person, unit=province.unit("SNV"),
                                   started_on=datetime.date(2022, 3, 1), ended_on=datetime.date(2022, 1, 1))
    assert rows() == before
    assert person.employments.get().ended_on is None


# --- who may call these ----------------------------------------------------------------------------------------


OFFICE_ONLY_CALLS = {
    "unit_create": lambda p, by: services.unit_create(by=by, code="X-9", name="X", kind=UnitKind.LOCALITY),
    "unit_update": lambda p, by: services.unit_update(by=by, unit=p.unit("H-YT"), name="Đổi tên"),
    "lineage_record": lambda p, by: services.lineage_record(
        by=by, kind=LineageKind.MERGE, source=p.unit("H-YT"), target=p.unit("H-HH"),
        effective_on=datetime.date(2026, 1, 1)),
    "cluster_create": lambda p, by: services.cluster_create(
        by=by, name="Cụm X", kind=ClusterKind.CLUSTER, year=2030, members=[p.unit("H-YT")]),
    "cluster_set_leadership": lambda p, by: services.cluster_set_leadership(
        by=by, cluster=p.cluster("Cụm thi đua số 1"), head=p.unit("H-YT"), deputy=None),
}


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "chutich", "thanhvien"])
@pytest.mark.parametrize("service", sorted(OFFICE_ONLY_CALLS))
def test_office_only_service_called_by_another_role_is_denied_and_writes_nothing(province, service, username):
    before = rows()
    with pytest.raises(PermissionDenied):
        OFFICE_ONLY_CALLS[service](province, province.user(username))
    assert rows() == before


@pytest.mark.parametrize("service", sorted(OFFICE_ONLY_CALLS))
def test_office_only_service_called_by_the_office_succeeds(province, service):
    before = AuditEvent.objects.count()
    OFFICE_ONLY_CALLS[service](province, province.user("vanphong"))
    assert AuditEvent.objects.count() > before


# --- invariants a careless call could break --------------------------------------------------------------------


def test_unit_update_making_a_unit_its_own_parent_is_refused(province):
    unit = province.unit("SYT")
    before = rows()
    with pytest.raises(ValidationError):
        services.unit_update(by=None, unit=unit, parent=unit)
    assert rows() == before
    assert Unit.objects.get(pk=unit.pk).parent_id == province.unit_ids["UBND-BG"]


def test_unit_update_making_a_parent_cycle_is_refused(province):
    """UBND tỉnh → Sở Y tế → UBND tỉnh would loop forever in any tree of units."""
    province_unit = province.unit("UBND-BG")
    before = rows()
    with pytest.raises(ValidationError):
        services.unit_update(by=None, unit=province_unit, parent=province.unit("SYT"))
    assert rows() == before


def test_cluster_create_with_a_unit_listed_twice_keeps_one_membership(province):
    """Listing a member twice is either refused or stored once, never a database error."""
    a = new_unit("H-A", "UBND huyện A")
    before = rows()
    try:
        cluster = services.cluster_create(by=None, name="Cụm 9", kind=ClusterKind.CLUSTER, year=2022, members=[a, a],
                                          head=a)
    except ValidationError:
        assert rows() == before
    else:
        assert list(cluster.memberships.values_list("unit_id", flat=True)) == [a.pk]
