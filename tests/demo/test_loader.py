"""The demo province built from the seed: the campaign exactly as the plan says, the units, clusters and users."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.accounts.models import RoleAssignment, User
from thidua.core.models import AuditEvent
from thidua.demo import data
from thidua.demo.loader import load_demo
from thidua.org.models import Cluster, ClusterMembership, Employment, Person, Unit, UnitLineage

CONTENT_TITLES = [
    "Thi đua giữ vững thành quả chống dịch, kiên quyết không để dịch bệnh xâm nhập trở lại địa bàn tỉnh",
    "Thi đua đẩy nhanh hơn nữa tiến độ khôi phục sản xuất, kinh doanh, dịch vụ",
    "Thi đua thực hiện hiệu quả kế hoạch cải thiện môi trường đầu tư, kinh doanh và nâng cao chỉ số năng lực "
    "cạnh tranh cấp tỉnh (PCI)",
    "Thi đua phấn đấu hoàn thành vượt mức nhiệm vụ thu ngân sách nhà nước năm 2021",
    "Thi đua tập trung chỉ đạo giải quyết các tồn tại, vướng mắc trong lĩnh vực tài nguyên, môi trường",
    "Thi đua thực hiện tốt chương trình và kế hoạch năm học 2021-2022",
    "Tiếp tục thi đua thực hiện tốt nhiệm vụ cải cách hành chính",
    "Thi đua làm tốt công tác bảo đảm quốc phòng - an ninh, trật tự, an toàn xã hội",
    "Thi đua thực hiện tốt công tác phối hợp với các cơ quan của Đảng, HĐND các cấp, Mặt trận Tổ quốc, các đoàn "
    "thể trong quá trình thực hiện các nhiệm vụ",
]


def test_demo_campaign_is_the_seed_plan(province):
    campaign = province.campaign()
    assert (campaign.code, campaign.kind, campaign.status, campaign.year) == ("NR-2021", "sprint", "launched", 2021)
    assert campaign.title == (
        "Phát động đợt thi đua “nước rút” - chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ, "
        "chỉ tiêu phát triển kinh tế-xã hội năm 2021"
    )
    assert campaign.theme == (
        "Thi đua chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ, chỉ tiêu phát triển kinh tế - "
        "xã hội năm 2021"
    )
    assert campaign.legal_basis == [
        "Quyết định số 1497/QĐ-TTg ngày 10/9/2021 của Thủ tướng Chính phủ về ban hành Kế hoạch triển khai "
        "Phong trào thi đua đặc biệt “Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến "
        "thắng đại dịch COVID-19”"
    ]


def test_demo_campaign_period_runs_to_the_end_of_2021_with_no_invented_start(province):
    campaign = province.campaign()
    assert (campaign.starts_on, campaign.ends_on) == (None, datetime.date(2021, 12, 31))


def test_demo_campaign_plan_reference_is_blank_as_printed(province):
    campaign = province.campaign()
    assert (campaign.plan_number, campaign.plan_symbol, campaign.issued_on, campaign.place) == (
        "", "KH-UBND", None, "Bắc Giang")
    assert campaign.plan_reference == "/KH-UBND"


def test_demo_campaign_is_issued_and_signed_by_the_chairman(province):
    campaign = province.campaign()
    assert campaign.issuer.code == "UBND-BG"
    assert (campaign.signer_name, campaign.signer_title) == ("Lê Ánh Dương", "Chủ tịch")


def test_demo_campaign_has_the_nine_content_areas(province):
    contents = list(province.campaign().contents.order_by("order").values_list("order", "title"))
    assert contents == list(enumerate(CONTENT_TITLES, start=1))


def test_demo_campaign_deadline_is_30_september_to_cluster_head_and_council_office(province):
    deadline = province.campaign().deadlines.get()
    assert (deadline.code, deadline.due_on) == ("VB-PHAT-DONG", datetime.date(2021, 9, 30))
    assert deadline.title == "Văn bản phát động đợt thi đua “nước rút”"
    assert list(deadline.recipients.order_by("id").values_list("kind", "unit")) == [
        ("cluster_head", None), ("council_office", None)]
    assert "chậm nhất ngày 30/9/2021" in deadline.description


def test_demo_campaign_distribution_list_is_the_plans(province):
    lines = list(province.campaign().distribution.order_by("order").values_list("order", "name", "purpose", "level"))
    assert len(lines) == 10
    assert lines[0] == (1, "Ban TĐKT Trung ương", "b/c", 0)
    assert lines[-1] == (10, "Lưu: VT, NC", "", 1)


def test_demo_campaign_participants_are_the_eight_2021_clusters_and_blocks(province):
    participations = province.campaign().participations
    assert sorted(participations.values_list("cluster_id", flat=True)) == sorted(province.cluster_ids.values())
    assert participations.filter(unit__isnull=False).count() == 0


def test_demo_hiep_hoa_heads_the_2021_cluster_that_includes_yen_the(province):
    cluster = Cluster.objects.get(year=2021, memberships__unit__code="H-YT")
    assert (cluster.name, cluster.kind, cluster.head_unit.code, cluster.deputy_unit.code) == (
        "Cụm thi đua số 1", "cluster", "H-HH", "H-TY")
    assert sorted(cluster.members.values_list("code", flat=True)) == ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"]


def test_demo_so_y_te_heads_the_culture_and_society_block(province):
    cluster = Cluster.objects.get(year=2021, name="Khối văn hóa - xã hội")
    assert (cluster.kind, cluster.head_unit.code, cluster.deputy_unit.code) == ("block", "SYT", "SGDDT")


def test_demo_every_2021_cluster_head_and_deputy_is_a_member(province):
    for cluster in Cluster.objects.filter(year=2021):
        members = set(cluster.memberships.values_list("unit_id", flat=True))
        assert {cluster.head_unit_id, cluster.deputy_unit_id} <= members, cluster.name


def test_demo_units_are_the_real_units_of_bac_giang(province):
    groups = [data.LOCALITIES, data.DEPARTMENTS, data.CENTRAL_AGENCIES, data.ENTERPRISES,
              data.MASS_ORGANISATIONS, data.PRESS]
    expected = {code for rows in groups for code, *_ in rows} | {"UBND-BG", "UBND-BN"}
    assert set(Unit.objects.values_list("code", flat=True)) == expected
    assert Unit.objects.get(code="TP-BG").name == "UBND thành phố Bắc Giang"
    assert Unit.objects.filter(kind="locality").count() == 10


def test_demo_province_merged_into_bac_ninh_on_1_july_2025(province):
    lineage = UnitLineage.objects.get()
    assert (lineage.kind, lineage.source.code, lineage.target.code, lineage.effective_on) == (
        "merge", "UBND-BG", "UBND-BN", datetime.date(2025, 7, 1))
    assert lineage.decision_reference == data.MERGER_DECISION
    assert Unit.objects.get(code="UBND-BG").valid_to == datetime.date(2025, 6, 30)
    assert Unit.objects.get(code="UBND-BN").valid_to is None


def test_demo_districts_end_on_30_june_2025(province):
    ends = dict(Unit.objects.filter(kind="locality").values_list("code", "valid_to"))
    assert ends == {code: datetime.date(2025, 6, 30) for code, *_ in data.LOCALITIES}


def test_demo_departments_are_still_open(province):
    assert set(Unit.objects.filter(kind="department").values_list("valid_to", flat=True)) == {None}


def test_demo_units_are_valid_on_the_campaign_dates_and_districts_not_after_the_merger(province):
    yen_the = Unit.objects.get(code="H-YT")
    assert yen_the.is_valid_on(datetime.date(2021, 9, 30)) is True
    assert yen_the.is_valid_on(datetime.date(2025, 6, 30)) is True
    assert yen_the.is_valid_on(datetime.date(2025, 7, 1)) is False


@pytest.mark.parametrize(("username", "role", "unit_code"), [(u, r, c) for u, _n, r, c, _p in data.DEMO_USERS])
def test_demo_user_exists_with_its_role_and_is_marked_demo(province, username, role, unit_code):
    user = User.objects.get(username=username)
    assert user.is_demo is True
    assert user.check_password("thidua-demo") is True
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "unit__code")) == [(role, unit_code)]


def test_demo_users_are_exactly_the_six_logins_and_syt_s_director(province):
    # giamdocyt heads Sở Y tế: he signs its own decisions and chairs its council (thidua.demo.councils).
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(
        ["vanphong", "chutich", "hiephoa", "yenthe", "soyte", "thanhvien", "giamdocyt"])
    director = User.objects.get(username="giamdocyt")
    assert (director.is_demo, director.check_password("thidua-demo"), director.get_full_name()) == (
        True, True, "Trần Quang Vinh")
    assert list(RoleAssignment.objects.filter(user=director).values_list("role", "unit__code")) == [
        ("unit_head", "SYT")]


def test_demo_persons_are_employed_at_their_units(province):
    first = ["Nguyễn Văn An", "Ngô Đức Cường", "Đỗ Thị Bích"]
    jobs = sorted(Employment.objects.filter(person__full_name__in=first).values_list(
        "person__full_name", "unit__code", "ended_on"))
    assert jobs == [("Nguyễn Văn An", "H-YT", None), ("Ngô Đức Cường", "SYT", None), ("Đỗ Thị Bích", "H-HH", None)]
    # These three, the 15 people of the commendations demo (thidua.demo.awards) and the 4 of its councils' routes
    # (thidua.demo.councils).
    assert Person.objects.count() == 22


def test_demo_is_loaded_through_the_services_so_the_audit_log_has_its_history(province):
    actions = list(AuditEvent.objects.filter(target_id=province.campaign_id, action__startswith="campaigns.")
                   .order_by("id").values_list("action", flat=True))
    assert actions[0] == "campaigns.campaign.created"
    assert actions[-1] == "campaigns.campaign.launched"
    assert actions.count("campaigns.content_area.added") == 9
    assert actions.count("campaigns.participation.added") == 8
    assert actions.count("campaigns.distribution.added") == 10
    assert actions.count("campaigns.deadline.created") == 1


def test_demo_loaded_twice_is_refused(province):
    units = Unit.objects.count()
    with pytest.raises(RuntimeError):
        load_demo()
    assert Unit.objects.count() == units


def test_demo_memberships_one_cluster_per_unit_in_2021(province):
    memberships = list(ClusterMembership.objects.filter(year=2021).values_list("unit_id", flat=True))
    assert len(memberships) == len(set(memberships)) == 54


def test_demo_command_on_a_loaded_database_is_refused(province):
    with pytest.raises(CommandError):
        call_command("demo")


def test_demo_command_if_empty_on_a_loaded_database_does_nothing(province, capsys):
    units = Unit.objects.count()
    call_command("demo", "--if-empty")
    assert capsys.readouterr().out.splitlines()[0] == "Database is not empty: demo not loaded."
    assert Unit.objects.count() == units
