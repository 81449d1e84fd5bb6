"""The audit log: ``log_action`` records who did what to which object; ``history_for`` reads it back."""

import datetime
import decimal

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.core.audit import changes, history_for, log_action, snapshot
from thidua.org.models import Unit


def test_log_action_records_actor_action_target_and_data(province):
    vanphong = province.user("vanphong")
    unit = province.unit("H-YT")
    event = log_action("org.unit.checked", actor=vanphong, target=unit, data={"note": "kiểm tra"})
    event.refresh_from_db()
    assert (event.actor, event.action, event.target_type, event.target_id, event.target_repr, event.data) == (
        vanphong, "org.unit.checked", ContentType.objects.get_for_model(Unit), unit.pk, "UBND huyện Yên Thế",
        {"note": "kiểm tra"},
    )


def test_log_action_makes_data_json_safe(province):
    unit = province.unit("H-YT")
    parent = province.unit("UBND-BG")
    event = log_action("test.values", actor=None, target=unit, data={
        "day": datetime.date(2021, 9, 30),
        "at": datetime.datetime(2021, 9, 30, 17, 0),
        "amount": decimal.Decimal("1.50"),
        "unit": parent,
        "pair": (1, 2),
        "nested": {"day": datetime.date(2025, 7, 1), 3: [parent]},
    })
    event.refresh_from_db()
    assert event.data == {
        "day": "2021-09-30",
        "at": "2021-09-30T17:00:00",
        "amount": "1.50",
        "unit": parent.pk,
        "pair": [1, 2],
        "nested": {"day": "2025-07-01", "3": [parent.pk]},
    }


def test_log_action_without_a_user_records_no_actor(province):
    unit = province.unit("H-YT")
    assert log_action("test.system", actor=None, target=unit).actor is None
    assert log_action("test.anonymous", actor=AnonymousUser(), target=unit).actor is None


def test_log_action_without_data_stores_an_empty_object(province):
    event = log_action("test.empty", actor=None, target=province.unit("H-YT"))
    event.refresh_from_db()
    assert event.data == {}


def test_log_action_truncates_a_long_target_repr_to_300_characters(province):
    unit = province.unit("H-YT")
    unit.name = "Đ" * 400
    event = log_action("test.long", actor=None, target=unit)
    assert event.target_repr == "Đ" * 300


def test_history_for_returns_only_that_objects_events_newest_first(province):
    yen_the, hiep_hoa = province.unit("H-YT"), province.unit("H-HH")
    first = log_action("test.first", actor=None, target=yen_the)
    log_action("test.other", actor=None, target=hiep_hoa)
    second = log_action("test.second", actor=province.user("vanphong"), target=yen_the)
    history = list(history_for(yen_the))
    assert history[:2] == [second, first]
    assert [e.action for e in history if e.action.startswith("test.")] == ["test.second", "test.first"]
    assert {e.target_id for e in history} == {yen_the.pk}


def test_history_for_respects_the_limit(province):
    unit = province.unit("H-YT")
    for i in range(5):
        log_action(f"test.n{i}", actor=None, target=unit)
    assert [e.action for e in history_for(unit, limit=3)] == ["test.n4", "test.n3", "test.n2"]


def test_history_for_loads_actors_in_one_query(province):
    unit = province.unit("H-YT")
    for username in ["vanphong", "chutich", "yenthe"]:
        log_action("test.by", actor=province.user(username), target=unit)
    ContentType.objects.get_for_model(Unit)  # the content-type cache is warm in a running server
    with CaptureQueriesContext(connection) as captured:
        actors = [e.actor.username for e in history_for(unit) if e.actor is not None]
    assert actors[:3] == ["yenthe", "chutich", "vanphong"]
    assert len(captured) == 1


def test_history_for_a_demo_unit_holds_its_creation(province):
    unit = province.unit("H-YT")
    events = [e for e in history_for(unit) if e.action.startswith("org.")]  # the demo records its years too
    assert [e.action for e in events] == ["org.unit.updated", "org.unit.created"]
    assert events[0].data == {"changes": {"valid_to": [None, "2025-06-30"]}}


def test_snapshot_and_changes_keep_only_changed_fields(province):
    unit = province.unit("H-YT")
    before = snapshot(unit, ["name", "kind", "valid_to"])
    assert before == {"name": "UBND huyện Yên Thế", "kind": "locality", "valid_to": "2025-06-30"}
    after = {**before, "name": "UBND thị xã Yên Thế", "valid_to": None}
    assert changes(before, after) == {"name": ["UBND huyện Yên Thế", "UBND thị xã Yên Thế"],
                                      "valid_to": ["2025-06-30", None]}
    assert changes(before, before) == {}

