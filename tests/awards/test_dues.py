"""The days by which a year's dossiers are sent, per route, and the late ones."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.awards.conftest import at, last_event
from thidua.awards import dues
from thidua.awards.models import DossierDue, Nomination

D = datetime.date


def test_the_demo_flags_the_dossier_sent_after_its_day(province):
    # 2021's province routes were due on 05/01/2022 (thidua.demo.councils): Yên Thế's Bằng khen dossier went on
    # 10/01/2022 (late); Sở Tài chính's on 05/01/2022, the day itself (not late); the unit route was due 31/12/2021
    # and Yên Thế's own titles went on 10/01/2022 (late, to its own head).
    rows = {(n.unit.code, n.route, n.status): n for n in Nomination.objects.filter(year=2021).select_related("unit")}
    late = dues.late_on(rows.values(), today=D(2026, 12, 4))
    assert late[rows[("H-YT", "chairman", "submitted")].pk] == D(2022, 1, 5)
    assert late[rows[("H-YT", "unit", "submitted")].pk] == D(2021, 12, 31)
    assert rows[("STC", "council", "in_appraisal")].pk not in late


def test_a_draft_is_late_once_the_day_has_passed_and_not_before(province):
    draft = Nomination.objects.get(unit__code="H-HH", year=2021, route="council", status="draft")
    assert dues.late_on([draft], today=D(2022, 1, 5)) == {}
    assert dues.late_on([draft], today=D(2022, 1, 6)) == {draft.pk: D(2022, 1, 5)}


def test_the_office_sets_the_day_and_moving_it_is_audited(province):
    office = province.user("vanphong")
    row = dues.dossier_due_set(by=office, year=2021, route="chairman", due_on=D(2022, 1, 12), basis="Công văn 5")
    assert DossierDue.objects.get(year=2021, route="chairman").due_on == D(2022, 1, 12)
    assert last_event("awards.dossier_due.set").data == {
        "year": 2021, "route": "chairman", "due_on": "2022-01-12", "before": "2022-01-05", "basis": "Công văn 5"}
    sent_on_10th = Nomination.objects.get(unit__code="H-YT", year=2021, route="chairman")
    assert sent_on_10th.submitted_at < at(2022, 1, 12) and dues.is_late(sent_on_10th) is None
    assert row.pk == DossierDue.objects.get(year=2021, route="chairman").pk


@pytest.mark.parametrize(("values", "field"), [
    ({"route": "nowhere"}, "route"), ({"due_on": "2022-01-05"}, "due_on"), ({"year": 1900}, "year"),
    ({"due_on": D(2020, 12, 31)}, "due_on")])
def test_bad_days_are_refused(province, values, field):
    kwargs = {"year": 2021, "route": "unit", "due_on": D(2022, 1, 5), **values}
    with pytest.raises(ValidationError) as exc:
        dues.dossier_due_set(by=province.user("vanphong"), **kwargs)
    assert field in exc.value.message_dict


def test_only_the_office_sets_the_days(province):
    with pytest.raises(PermissionDenied):
        dues.dossier_due_set(by=province.user("hiephoa"), year=2021, route="unit", due_on=D(2022, 1, 5))
