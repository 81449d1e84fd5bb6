"""The demo's live year: besides the seed's 2021 campaign, the same plan launched in the current year with its
deadlines ahead, so the desks show work waiting (``thidua demo`` loads it with today's date)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from thidua.accounts.models import User
from thidua.campaigns.enums import CampaignStatus, RecipientKind
from thidua.campaigns.models import Campaign
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.demo.live import LAUNCH_DUE_IN_DAYS, REPORT_DUE_IN_DAYS, live_code, load_live_year
from thidua.demo.loader import load_demo, seed_text
from thidua.desk.selectors import desk_sections
from thidua.indicators.models import ProgressEntry, Target
from thidua.org.models import Unit


@pytest.fixture(scope="module")
def live_demo(django_db_setup, django_db_blocker):
    """The demo loaded as the command loads it (with today's live year); rolled back after the module."""
    today = timezone.localdate()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                load_demo(live_on=today)
            yield today
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def today(live_demo, db):
    return live_demo


def live_campaign(today) -> Campaign:
    return Campaign.objects.get(code=live_code(today.year))


def test_the_live_year_is_the_seed_plan_launched_this_year_by_the_province_of_today(today):
    campaign = live_campaign(today)
    seed = Campaign.objects.get(code="NR-2021")
    assert campaign.year == today.year and campaign.status == CampaignStatus.LAUNCHED
    assert campaign.issuer.code == "UBND-BN" and campaign.place == "Bắc Ninh"
    assert campaign.title == seed.title.replace("năm 2021", f"năm {today.year}")
    assert "2021" not in campaign.title and "2021" not in campaign.theme
    assert campaign.contents.count() == seed.contents.count() == 9
    assert list(campaign.distribution.values_list("name", flat=True)) == list(
        seed.distribution.values_list("name", flat=True))
    # The plan's "chậm nhất ngày 30/9/2021" now names the live due day.
    due = today + datetime.timedelta(days=LAUNCH_DUE_IN_DAYS)
    assert "30/9/2021" not in campaign.implementation
    assert f"{due.day}/{due.month}/{due.year}" in campaign.implementation


def test_the_live_deadlines_are_ahead_and_go_to_the_block_head_and_the_office(today):
    deadlines = list(live_campaign(today).deadlines.order_by("due_on"))
    assert [d.due_on for d in deadlines] == [today + datetime.timedelta(days=LAUNCH_DUE_IN_DAYS),
                                             today + datetime.timedelta(days=REPORT_DUE_IN_DAYS)]
    for deadline in deadlines:
        assert set(deadline.recipients.values_list("kind", flat=True)) == {RecipientKind.CLUSTER_HEAD,
                                                                          RecipientKind.COUNCIL_OFFICE}


def test_the_live_year_s_participants_are_the_blocks_without_the_districts_that_ended_in_2025(today):
    campaign = live_campaign(today)
    codes = set(Unit.objects.filter(pk__in=[p.unit_id for p in campaign_participants(campaign=campaign)])
                .values_list("code", flat=True))
    assert {"SYT", "SGDDT", "SNV", "CA", "MTTQ", "BAO-BG"} <= codes
    assert not any(code.startswith("H-") or code == "TP-BG" for code in codes)
    assert set(campaign.participations.values_list("cluster__year", flat=True)) == {today.year}
    assert campaign.participations.get(cluster__name="Khối văn hóa - xã hội").cluster.head_unit.code == "SYT"


def test_the_live_year_has_agency_targets_with_values_up_to_last_month(today):
    targets = Target.objects.filter(indicator__campaign=live_campaign(today))
    assert targets.exists()
    assert not targets.filter(unit__code__startswith="H-").exists()
    months = max(today.month - 7, 0)  # July to the month before this one
    periods = set(ProgressEntry.objects.filter(target__in=targets).values_list("period_end", flat=True))
    assert len(periods) == months
    assert all(period < today.replace(day=1) for period in periods)


def test_so_y_te_s_desk_shows_the_live_year_s_documents_to_send_soonest_first(today):
    launch, report = live_campaign(today).deadlines.order_by("due_on")
    sections = {section.key: section for section in desk_sections(user=User.objects.get(username="soyte"))}
    urls = [item.url for item in sections["send"].items]
    live = [url for url in urls if url.startswith((f"/campaigns/deadlines/{launch.pk}/",
                                                   f"/campaigns/deadlines/{report.pk}/"))]
    assert live == [f"/campaigns/deadlines/{launch.pk}/submit/?unit={Unit.objects.get(code='SYT').pk}",
                    f"/campaigns/deadlines/{report.pk}/submit/?unit={Unit.objects.get(code='SYT').pk}"]
    # Yên Thế's district committee ended in 2025: nothing of the live year waits for it.
    yenthe = {section.key: section for section in desk_sections(user=User.objects.get(username="yenthe"))}
    assert not [item for item in yenthe["send"].items if f"/deadlines/{launch.pk}/" in item.url]


def test_two_agencies_have_sent_their_launch_document_and_it_waits_on_the_head_s_and_the_office_s_desks(today):
    launch = live_campaign(today).deadlines.order_by("due_on").first()
    submissions = {s.unit.code: s for s in launch.submissions.select_related("unit")}
    assert set(submissions) == {"SGDDT", "SLDTBXH"}
    version = submissions["SGDDT"].versions.get()
    assert version.file.name.endswith(".docx")
    assert timezone.localdate(version.submitted_at) == today - datetime.timedelta(days=1)

    def waiting(username: str) -> list[str]:
        sections = {s.key: s for s in desk_sections(user=User.objects.get(username=username))}
        return [item.url for item in sections["receive"].items]

    # Sở Y tế heads the block: Sở Giáo dục's waits for it; Sở Lao động's it accepted already.
    assert waiting("soyte") == [f"/campaigns/submissions/{submissions['SGDDT'].pk}/"]
    # The council office has accepted neither.
    assert {f"/campaigns/submissions/{submissions[code].pk}/" for code in ("SGDDT", "SLDTBXH")} <= set(
        waiting("vanphong"))


def test_the_live_year_is_refused_for_the_seed_s_own_year(db):
    with pytest.raises(ValueError):
        load_live_year(today=datetime.date(2021, 10, 1), seed_text=seed_text())
