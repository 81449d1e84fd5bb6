"""The council office adds and corrects units on its own pages, without the Django admin; ``unit_create`` and
``unit_update`` check and audit, and a unit's clerk reaches neither page."""

from __future__ import annotations

import datetime

import pytest

from tests.support import signed_in
from thidua.core.models import AuditEvent
from thidua.org.models import Unit


def _new_unit(client, **extra):
    data = {"code": "SDL", "name": "Sở Du lịch", "short_name": "Sở DL", "kind": "department", "parent": "",
            "valid_from": "2026-01-01", "valid_to": "", **extra}
    return client.post("/units/new/", data)


def _edit_data(unit: Unit, **extra) -> dict:
    """The edit form as the page fills it for ``unit``, with ``extra`` typed over it."""
    return {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "parent": unit.parent_id or "",
            "valid_from": unit.valid_from or "", "valid_to": unit.valid_to or "", "symbol": unit.symbol,
            "competence_basis": unit.competence_basis, **extra}


def _events(action: str, unit_id: int | None = None) -> int:
    events = AuditEvent.objects.filter(action=action)
    return (events.filter(target_id=unit_id) if unit_id is not None else events).count()


def test_the_office_adds_a_unit_under_a_current_parent(province):
    office = signed_in("vanphong")
    assert office.get("/units/new/").status_code == 200
    parent_id = province.unit_ids["UBND-BN"]
    response = _new_unit(office, parent=parent_id)
    unit = Unit.objects.get(code="SDL")
    assert response.status_code == 302 and response["Location"] == f"/units/{unit.pk}/"
    assert (unit.name, unit.short_name, unit.kind, unit.parent_id, unit.valid_from, unit.valid_to) == (
        "Sở Du lịch", "Sở DL", "department", parent_id, datetime.date(2026, 1, 1), None)
    event = AuditEvent.objects.get(action="org.unit.created", target_id=unit.pk)
    assert (event.actor_id, event.data["after"]["code"], event.data["after"]["parent_id"]) == (
        province.user_ids["vanphong"], "SDL", parent_id)
    assert "Sở Du lịch" in office.get(response["Location"]).content.decode()


def test_the_parent_picker_offers_current_units_by_name(province):
    picker = signed_in("vanphong").get("/units/new/").context["form"].fields["parent"].queryset
    names = list(picker.values_list("name", flat=True))
    assert names.index("Ban Dân tộc tỉnh") < names.index("Báo Bắc Giang") < names.index("Bảo hiểm xã hội tỉnh") \
        < names.index("Bưu điện tỉnh Bắc Giang") < names.index("Sở Y tế")  # Vietnamese order, accents second
    assert list(picker.filter(valid_to__isnull=False)) == []
    assert province.unit_ids["UBND-BN"] in picker.values_list("pk", flat=True)
    assert province.unit_ids["UBND-BG"] not in picker.values_list("pk", flat=True)  # merged into Bắc Ninh


@pytest.mark.parametrize("extra", [
    {"name": ""},
    {"code": ""},
    {"kind": "nonsense"},
    {"code": "SYT"},  # the code is taken
    {"valid_from": "2026-01-01", "valid_to": "2025-12-31"},  # ends before it begins
    {"parent": "UBND-BG"},  # an ended unit is not offered as a parent
])
def test_bad_input_on_the_new_unit_is_a_400_with_nothing_written(province, extra):
    if "parent" in extra:
        extra = {"parent": province.unit_ids[extra["parent"]]}
    units, created = Unit.objects.count(), _events("org.unit.created")
    response = _new_unit(signed_in("vanphong"), **extra)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'id="unit-form"' in response.content.decode()
    assert (Unit.objects.count(), _events("org.unit.created")) == (units, created)


def test_the_office_renames_a_unit_and_the_change_is_audited(province):
    office = signed_in("vanphong")
    unit = province.unit("SYT")
    page = office.get(f"/units/{unit.pk}/edit/")
    assert page.status_code == 200 and page.context["form"]["name"].value() == "Sở Y tế"
    response = office.post(f"/units/{unit.pk}/edit/", _edit_data(unit, name="Sở Y tế tỉnh Bắc Giang",
                                                                 symbol="SYT"))
    assert response.status_code == 302 and response["Location"] == f"/units/{unit.pk}/"
    unit.refresh_from_db()
    assert (unit.name, unit.symbol, unit.code, unit.parent_id) == (
        "Sở Y tế tỉnh Bắc Giang", "SYT", "SYT", province.unit_ids["UBND-BG"])
    event = AuditEvent.objects.get(action="org.unit.updated", target_id=unit.pk)
    assert event.data["changes"] == {"name": ["Sở Y tế", "Sở Y tế tỉnh Bắc Giang"], "symbol": ["", "SYT"]}


def test_a_unit_keeps_its_ended_parent_when_edited(province):
    """A district's parent is the former province, no longer current: saving the form unchanged keeps it."""
    office = signed_in("vanphong")
    unit = province.unit("H-HH")
    updated = _events("org.unit.updated", unit.pk)  # the demo ended it on 30/6/2025
    response = office.post(f"/units/{unit.pk}/edit/", _edit_data(unit))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.parent_id == province.unit_ids["UBND-BG"]
    assert _events("org.unit.updated", unit.pk) == updated  # nothing changed, nothing to record


def test_a_parent_that_makes_a_cycle_is_a_400_with_nothing_written(province):
    office = signed_in("vanphong")
    province_unit = province.unit("UBND-BG")  # Sở Y tế is under it
    updated = _events("org.unit.updated", province_unit.pk)  # the demo ended it at the merger
    response = office.post(f"/units/{province_unit.pk}/edit/",
                           _edit_data(province_unit, parent=province.unit_ids["SYT"], name="Tên mới"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert "Ủy ban nhân dân tỉnh Bắc Giang" in response.content.decode()  # the page names the unit as stored
    province_unit.refresh_from_db()
    assert (province_unit.parent_id, province_unit.name) == (None, "Ủy ban nhân dân tỉnh Bắc Giang")
    assert _events("org.unit.updated", province_unit.pk) == updated


@pytest.mark.parametrize("extra", [{"name": ""}, {"valid_from": "2026-01-01", "valid_to": "2025-01-01"},
                                   {"parent": "self"}])
def test_bad_input_on_the_edit_is_a_400_with_nothing_written(province, extra):
    unit = province.unit("SYT")
    if extra.get("parent") == "self":
        extra = {"parent": unit.pk}
    updated = _events("org.unit.updated", unit.pk)
    response = signed_in("vanphong").post(f"/units/{unit.pk}/edit/", _edit_data(unit, **extra))
    assert response.status_code == 400
    assert response.context["form"].errors
    after = Unit.objects.get(pk=unit.pk)
    assert (after.name, after.valid_from, after.valid_to, after.parent_id) == (
        unit.name, unit.valid_from, unit.valid_to, unit.parent_id)
    assert _events("org.unit.updated", unit.pk) == updated


def test_only_the_office_sees_the_links(province):
    office, clerk = signed_in("vanphong"), signed_in("yenthe")
    unit_id = province.unit_ids["SYT"]
    assert 'id="unit-new-link"' in office.get("/units/").content.decode()
    assert 'id="unit-edit-link"' in office.get(f"/units/{unit_id}/").content.decode()
    assert 'id="setup-unit"' in office.get("/setup/").content.decode()
    assert 'id="unit-new-link"' not in clerk.get("/units/").content.decode()
    assert 'id="unit-edit-link"' not in clerk.get(f"/units/{unit_id}/").content.decode()


@pytest.mark.parametrize("username", ["yenthe", "hiephoa"])
def test_a_unit_clerk_can_neither_add_nor_edit_a_unit(province, username):
    clerk = signed_in(username)
    own = province.unit("H-YT" if username == "yenthe" else "H-HH")
    other = province.unit("SYT")
    units, events = Unit.objects.count(), AuditEvent.objects.filter(action__startswith="org.unit.").count()
    assert clerk.get("/units/new/").status_code in (403, 404)
    assert _new_unit(clerk).status_code in (403, 404)
    for unit in (own, other):  # its own unit as much as a guessed id of another
        assert clerk.get(f"/units/{unit.pk}/edit/").status_code in (403, 404)
        assert clerk.post(f"/units/{unit.pk}/edit/", _edit_data(unit, name="Đổi tên")).status_code in (403, 404)
    assert not Unit.objects.filter(code="SDL").exists()
    assert not Unit.objects.filter(name="Đổi tên").exists()
    assert Unit.objects.count() == units
    assert AuditEvent.objects.filter(action__startswith="org.unit.").count() == events


def test_editing_an_unknown_unit_is_a_404(province):
    assert signed_in("vanphong").get("/units/999999/edit/").status_code == 404
