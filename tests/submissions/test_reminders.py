"""Reminders to the clerks of units still missing a submission, at the configured offsets from the due date.

The default offsets are [-7, -3, -1, 1, 3] days; the seed deadline is due on 30/9/2021.
"""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from thidua.campaigns.models import Reminder
from thidua.campaigns.services import reminders_send
from thidua.core.models import Notification

from .helpers import make_clerk, seed_deadline, send

SEPT_27 = datetime.date(2021, 9, 27)  # offset -3
OCT_1 = datetime.date(2021, 10, 1)  # offset +1


def reminders_of(username: str) -> list[str]:
    """The titles of the reminders in a user's inbox (those linking to the deadline's page)."""
    url = reverse("campaigns:deadline", args=[seed_deadline().pk])
    return list(Notification.objects.filter(user__username=username, url=url).order_by("id")
                .values_list("title", flat=True))


def reminder_counts() -> dict[str, int]:
    return {name: len(reminders_of(name)) for name in ["yenthe", "hiephoa", "soyte", "vanphong", "thanhvien",
                                                         "chutich"]}


@pytest.fixture(autouse=True)
def _default_offsets(settings):
    settings.THIDUA_REMINDER_OFFSETS = [-7, -3, -1, 1, 3]
    settings.THIDUA_REMINDER_GRACE_DAYS = 1


def test_reminders_three_days_before_reach_each_missing_units_clerk_once(province):
    assert reminders_send(today=SEPT_27) == 54
    assert reminder_counts() == {"yenthe": 1, "hiephoa": 1, "soyte": 1, "vanphong": 0, "thanhvien": 0,
                                 "chutich": 0}
    [title] = reminders_of("yenthe")
    assert "30/09/2021" in title
    assert "Văn bản phát động đợt thi đua “nước rút”" in title
    assert Reminder.objects.filter(deadline=seed_deadline(), offset_days=-3).count() == 54


def test_reminders_reach_every_clerk_of_a_unit(province):
    make_clerk(province, "yenthe2", "H-YT")
    reminders_send(today=SEPT_27)
    assert (len(reminders_of("yenthe")), len(reminders_of("yenthe2"))) == (1, 1)
    reminder = Reminder.objects.get(unit_id=province.unit_ids["H-YT"])
    assert (reminder.offset_days, reminder.recipients) == (-3, 2)


def test_reminders_skip_a_unit_that_has_submitted(province):
    send(province, "yenthe")
    assert reminders_send(today=SEPT_27) == 53
    assert reminder_counts() == {"yenthe": 0, "hiephoa": 1, "soyte": 1, "vanphong": 0, "thanhvien": 0,
                                 "chutich": 0}
    assert not Reminder.objects.filter(unit_id=province.unit_ids["H-YT"]).exists()


def test_reminders_run_twice_send_nothing_the_second_time(province):
    reminders_send(today=SEPT_27)
    first = (reminder_counts(), Notification.objects.count(), Reminder.objects.count())
    assert reminders_send(today=SEPT_27) == 0
    assert (reminder_counts(), Notification.objects.count(), Reminder.objects.count()) == first


def test_reminders_the_day_after_an_offset_do_not_repeat_it(province):
    reminders_send(today=SEPT_27)
    assert reminders_send(today=datetime.date(2021, 9, 28)) == 0
    assert len(reminders_of("yenthe")) == 1


def test_reminders_a_missed_offset_is_sent_within_the_grace_day(province):
    """The worker was down on 27/9: on 28/9 the -3 reminder still goes out, once."""
    assert reminders_send(today=datetime.date(2021, 9, 28)) == 54
    assert list(Reminder.objects.values_list("offset_days", flat=True).distinct()) == [-3]


def test_reminders_one_day_after_the_due_date_send_a_new_overdue_reminder(province):
    reminders_send(today=SEPT_27)
    assert reminders_send(today=OCT_1) == 54
    titles = reminders_of("yenthe")
    assert len(titles) == 2
    assert titles[0] != titles[1] and "30/09/2021" in titles[1]
    assert sorted(Reminder.objects.filter(unit_id=province.unit_ids["H-YT"]).values_list(
        "offset_days", flat=True)) == [-3, 1]


@pytest.mark.parametrize("today", [datetime.date(2021, 9, 25), datetime.date(2021, 9, 21),
                                   datetime.date(2026, 1, 1), datetime.date(2021, 1, 1)],
                         ids=["no-offset-due", "before-the-first-offset", "long-after", "long-before"])
def test_reminders_on_a_day_without_an_offset_send_nothing(province, today):
    assert reminders_send(today=today) == 0
    assert (reminder_counts()["yenthe"], Reminder.objects.count()) == (0, 0)


def test_remind_command_sends_once(province):
    call_command("remind", "--today", "2021-09-27")
    assert len(reminders_of("yenthe")) == 1
    call_command("remind", "--today", "2021-09-27")
    assert reminder_counts() == {"yenthe": 1, "hiephoa": 1, "soyte": 1, "vanphong": 0, "thanhvien": 0,
                                 "chutich": 0}


def test_remind_command_reports_the_number_of_units(province, capsys):
    call_command("remind", "--today", "2021-09-27")
    call_command("remind", "--today", "2021-09-27")
    assert capsys.readouterr().out.splitlines() == ["Reminded 54 units.", "Reminded 0 units."]


def test_remind_command_refuses_a_bad_date(province):
    with pytest.raises(CommandError):
        call_command("remind", "--today", "27/09/2021")
    assert Reminder.objects.count() == 0


def test_reminders_email_a_clerk_with_an_address_once_per_reminder(
        province, mailoutbox, django_capture_on_commit_callbacks):
    """Emails leave once the reminders are committed (on_commit), one per reminder, none on a second run."""
    make_clerk(province, "vietyen", "H-VY", email="tdkt@vietyen.bacgiang.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=SEPT_27)
    mine = [m for m in mailoutbox if m.to == ["tdkt@vietyen.bacgiang.gov.vn"]]
    assert len(mine) == 1
    assert "30/09/2021" in mine[0].subject
    assert f"/campaigns/deadlines/{seed_deadline().pk}/" in mine[0].body
    assert len(mailoutbox) == 1  # the demo's clerks have no address
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=SEPT_27)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=OCT_1)
    assert [m.to for m in mailoutbox] == [["tdkt@vietyen.bacgiang.gov.vn"]] * 2


def test_reminders_of_a_closed_campaign_send_nothing(province):
    from thidua.campaigns.models import Campaign

    Campaign.objects.filter(pk=province.campaign_id).update(status="closed")
    before = Notification.objects.count()  # the demo's issued decisions told their proposers
    assert reminders_send(today=SEPT_27) == 0
    assert Notification.objects.count() == before
