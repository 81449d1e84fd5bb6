"""Reads for campaigns: visibility, participants, days left, counts."""

import datetime

import pytest

from thidua.campaigns import selectors, services
from thidua.campaigns.models import Deadline


def test_campaign_participants_are_the_54_members_of_the_2021_clusters_once_each(province):
    participants = selectors.campaign_participants(campaign=province.campaign())
    assert len(participants) == len({p.unit_id for p in participants}) == 54
    by_unit = {p.unit_id: p.cluster_id for p in participants}
    assert by_unit[province.unit_ids["H-YT"]] == province.cluster_ids["Cụm thi đua số 1"]


def test_campaign_participants_list_a_unit_added_twice_once(province):
    """Yên Thế takes part through its cluster and directly: it is listed once, under its cluster."""
    services.participation_add(by=None, campaign=province.campaign(), unit=province.unit("H-YT"))
    participants = selectors.campaign_participants(campaign=province.campaign())
    assert [p.cluster_id for p in participants if p.unit_id == province.unit_ids["H-YT"]] == [
        province.cluster_ids["Cụm thi đua số 1"]]
    assert len(participants) == 54


def test_participants_by_cluster_groups_the_eight_clusters(province):
    groups = selectors.participants_by_cluster(campaign=province.campaign())
    assert sorted(g.cluster.name for g in groups) == sorted(province.cluster_ids)
    assert sum(len(g.participants) for g in groups) == 54


@pytest.mark.parametrize(("today", "left"), [(datetime.date(2021, 9, 29), 1), (datetime.date(2021, 9, 30), 0),
                                             (datetime.date(2021, 10, 1), -1), (datetime.date(2021, 8, 31), 30)])
def test_days_left_to_the_seed_deadline(province, today, left):
    deadline = Deadline.objects.get(campaign_id=province.campaign_id)
    assert selectors.days_left(deadline, today=today) == left


def test_campaign_status_counts_for_the_office(province):
    services.campaign_create(by=None, code="KH-NHAP", title="Dự thảo", year=2021)
    assert selectors.campaign_status_counts(user=province.user("vanphong")) == {
        "draft": 1, "launched": 1, "evaluating": 0, "closed": 0}


def test_campaign_status_counts_for_a_clerk_do_not_count_drafts(province):
    services.campaign_create(by=None, code="KH-NHAP", title="Dự thảo", year=2021)
    assert selectors.campaign_status_counts(user=province.user("yenthe")) == {
        "draft": 0, "launched": 1, "evaluating": 0, "closed": 0}


def test_deadlines_of_running_campaigns_include_the_seed_deadline(province):
    deadlines = selectors.deadlines_of_running_campaigns(user=province.user("yenthe"))
    assert [(d.code, d.due_on) for d in deadlines] == [("VB-PHAT-DONG", datetime.date(2021, 9, 30))]


def test_campaign_list_with_counts_counts_contents_and_deadlines(province):
    campaign = selectors.campaign_list_with_counts(user=province.user("yenthe")).get()
    assert (campaign.content_count, campaign.deadline_count) == (9, 1)
