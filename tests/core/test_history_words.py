"""The history of a record reads in words: labels, Vietnamese dates, names instead of ids (issue 15, part 6)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from thidua.accounts.models import User
from thidua.core.audit_labels import key_label, value_text
from thidua.core.models import AuditEvent
from thidua.org.models import Person, Unit


def test_unit_person_and_user_ids_are_named(province):
    unit = Unit.objects.get(pk=province.unit_ids["H-YT"])
    person = Person.objects.order_by("id").first()
    user = User.objects.get(username="vanphong")
    for key in ("unit", "unit_id", "recipient_unit", "recipient_unit_id", "issuer_unit_id"):
        assert value_text(unit.pk, key) == unit.name, key
    assert value_text(person.pk, "person") == person.full_name
    assert value_text(user.pk, "appraiser") == str(user)
    assert str(user) != str(user.pk)


def test_a_gone_record_shows_its_id_and_other_values_are_unchanged(province):
    assert value_text(10**9, "unit_id") == f"#{10**9}"
    assert value_text("đơn vị", "unit") == "đơn vị"  # an indicator's unit of measure is text, not an id
    assert value_text(7, "count") == "7"
    assert value_text(True, "unit") != "1"


def test_id_keys_have_labels_in_vietnamese(province):
    with translation.override("vi"):
        for key in ("unit_id", "recipient_unit_id", "issuer_unit_id", "recipient_unit"):
            assert key_label(key) != key and "id" not in key_label(key), key


def test_history_rows_show_the_date_as_dd_mm_yyyy_and_names(province):
    unit = Unit.objects.get(pk=province.unit_ids["H-YT"])
    at = datetime.datetime(2021, 9, 5, 14, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    event = AuditEvent(action="campaigns.submission.submit", data={"unit_id": unit.pk},
                       actor=User.objects.get(username="vanphong"))
    event.created_at = at
    with translation.override("vi"), timezone.override("Asia/Ho_Chi_Minh"):
        html = render_to_string("core/_history.html", {"history": [event]})
    assert "05/09/2021 14:07" in html
    assert unit.name in html
    assert f">{unit.pk}<" not in html and f": {unit.pk}</div>" not in html


def test_a_page_of_history_names_its_ids_in_one_query_per_kind(province):
    """The names are looked up for the page, not per event: 3 or 30 events naming different units, people and
    users cost the same queries (the nomination page went from 37 to 91 queries when each id was one query)."""
    from thidua.core.audit import history_for, log_action

    target = Unit.objects.get(pk=province.unit_ids["H-YT"])
    units = list(Unit.objects.order_by("id")[:30])
    people = list(Person.objects.order_by("id")[:30])
    user = User.objects.get(username="vanphong")

    def render(count):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for index in range(count):
            log_action("org.unit.updated", actor=user, target=target,
                       data={"unit_id": units[index % len(units)].pk, "person": people[index % len(people)].pk,
                             "appraiser": user.pk})
        with CaptureQueriesContext(connection) as queries:
            html = render_to_string("core/_history.html", {"history": history_for(target, limit=count)})
        return len(queries), html

    few, _html = render(3)
    many, html = render(30)
    assert many == few <= 5
    assert units[-1].name in html and people[-1].full_name in html and str(user) in html


def test_a_changed_head_is_named_before_and_after(province):
    """``{"changes": {"head_unit_id": [3, 7]}}`` reads "head: Sở Y tế → UBND huyện Yên Thế", in the batch too."""
    from thidua.core.audit import history_for, log_action

    first, second = Unit.objects.get(pk=province.unit_ids["SYT"]), Unit.objects.get(pk=province.unit_ids["H-YT"])
    target = Unit.objects.get(pk=province.unit_ids["H-HH"])
    log_action("org.cluster.leadership_changed", actor=None, target=target,
               data={"changes": {"head_unit_id": [first.pk, second.pk], "deputy_unit_id": [None, first.pk]}})
    with translation.override("en"):
        html = render_to_string("core/_history.html", {"history": history_for(target, limit=1)})
        alone = value_text({"head_unit_id": [first.pk, second.pk]}, "changes")
    assert f"{first.name} → {second.name}" in html and f"— → {first.name}" in html
    assert alone == f"head: {first.name} → {second.name}"
