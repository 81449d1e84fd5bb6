import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.campaigns import selectors, services
from thidua.campaigns.models import Deadline, Recipient
from thidua.core.audit import history_for


def seed_deadline() -> Deadline:
    return Deadline.objects.get(code="VB-PHAT-DONG")


def test_deadline_update_records_every_changed_value(province):
    deadline = seed_deadline()
    services.deadline_update(by=province.user("vanphong"), deadline=deadline, due_on=datetime.date(2021, 10, 5),
                             recipients=["council_office"])
    event = history_for(deadline)[0]
    assert (event.action, event.actor.username) == ("campaigns.deadline.updated", "vanphong")
    assert event.data["changes"] == {"due_on": ["2021-09-30", "2021-10-05"],
                                     "recipients": [["cluster_head", "council_office"], ["council_office"]]}
    assert list(deadline.recipients.values_list("kind", flat=True)) == ["council_office"]


def test_deadline_update_by_a_clerk_is_refused(province):
    with pytest.raises(PermissionDenied):
        services.deadline_update(by=province.user("yenthe"), deadline=seed_deadline(), title="X")
    assert seed_deadline().title == "Văn bản phát động đợt thi đua “nước rút”"


def test_deadline_for_a_subset_of_units_only_expects_those_units(province):
    campaign = province.campaign()
    deadline = services.deadline_create(
        by=province.user("vanphong"), campaign=campaign, code="BC-QUY-IV", title="Báo cáo quý IV",
        due_on=datetime.date(2021, 12, 15), recipients=["council_office"],
        only_units=[province.unit("H-YT"), province.unit("SYT")])
    assert selectors.deadline_participant_ids(deadline) == {province.unit_ids["H-YT"], province.unit_ids["SYT"]}
    assert selectors.deadline_participant_ids(seed_deadline()).__len__() == 54


def test_deadline_with_a_named_unit_recipient(province):
    deadline = services.deadline_create(
        by=None, campaign=province.campaign(), code="GUI-BAO", title="Gửi Báo Bắc Giang",
        due_on=datetime.date(2021, 11, 1), recipients=[province.unit("BAO-BG"), province.unit("BAO-BG")])
    assert list(deadline.recipients.values_list("kind", "unit__code")) == [("unit", "BAO-BG")]


def test_deadline_update_cannot_drop_a_recipient_that_has_receipts(province):
    from .test_flow import recipient, submit

    submission = submit(province).submission
    services.receipt_record(by=province.user("vanphong"), submission=submission,
                            recipient=recipient("council_office"), decision="accept")
    with pytest.raises(ValidationError):
        services.deadline_update(by=None, deadline=seed_deadline(), recipients=["cluster_head"])
    assert Recipient.objects.filter(deadline=seed_deadline()).count() == 2


def test_reminders_are_audited_once(province):
    assert services.reminders_send(today=datetime.date(2021, 9, 27)) == 54
    assert services.reminders_send(today=datetime.date(2021, 9, 27)) == 0
    events = [e for e in history_for(seed_deadline()) if e.action == "campaigns.deadline.reminded"]
    assert [(e.data["offset_days"], len(e.data["units"])) for e in events] == [(-3, 54)]
