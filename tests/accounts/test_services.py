"""Writes for users, roles and API tokens: each audited, each refused to anyone but the council office."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.accounts import services
from thidua.accounts.access import access_of
from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.core.models import AuditEvent


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (User, RoleAssignment, ApiToken, AuditEvent)}


def issue(*, username: str, password: str, ip: str = "10.0.0.1") -> str:
    """``token_issue`` as the API calls it: with the request, whose address counts towards the lockout."""
    from django.test import RequestFactory

    request = RequestFactory().post("/api/v1/auth/token", REMOTE_ADDR=ip)
    return services.token_issue(request=request, username=username, password=password)


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def test_user_create_writes_an_audit_event_and_hashes_the_password(province):
    vanphong = province.user("vanphong")
    user = services.user_create(by=vanphong, username="canbo.yd", password="mat-khau-dai-1", first_name="Lưu Thị Mai")
    assert user.check_password("mat-khau-dai-1")
    assert user.password != "mat-khau-dai-1"
    assert (user.is_demo, user.first_name) == (False, "Lưu Thị Mai")
    event = last_event("accounts.user.created")
    assert (event.actor, event.target_id, event.data) == (vanphong, user.pk,
                                                          {"username": "canbo.yd", "is_demo": False})


def test_user_create_with_a_taken_username_is_refused_and_writes_nothing(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.user_create(by=province.user("vanphong"), username="yenthe", password="x-y-z-1-2-3")
    assert rows() == before


def test_role_assign_writes_an_audit_event_and_refreshes_the_users_access(province):
    vanphong = province.user("vanphong")
    user = province.user("yenthe")
    assert access_of(user).unit_ids == frozenset({province.unit_ids["H-YT"]})
    assignment = services.role_assign(by=vanphong, user=user, role=Role.UNIT_HEAD, unit=province.unit("H-YT"))
    assert (assignment.user_id, assignment.role, assignment.unit_id) == (user.pk, "unit_head",
                                                                         province.unit_ids["H-YT"])
    event = last_event("accounts.role.assigned")
    assert (event.actor, event.target_id, event.data) == (
        vanphong, user.pk, {"role": "unit_head", "unit": province.unit_ids["H-YT"]})
    assert access_of(user).roles == frozenset({"unit_clerk", "unit_head"})
    assert access_of(user).head_unit_ids == frozenset({province.unit_ids["H-YT"]})


def test_role_assign_twice_keeps_one_assignment_and_one_event(province):
    user = province.user("yenthe")
    first = services.role_assign(by=None, user=user, role=Role.UNIT_HEAD, unit=province.unit("H-YT"))
    before = rows()
    second = services.role_assign(by=None, user=user, role=Role.UNIT_HEAD, unit=province.unit("H-YT"))
    assert second.pk == first.pk
    assert rows() == before


def test_role_assign_of_an_unknown_role_is_refused(province):
    before = rows()
    with pytest.raises(ValidationError):
        services.role_assign(by=None, user=province.user("yenthe"), role="king", unit=province.unit("H-YT"))
    assert rows() == before


def test_role_revoke_writes_an_audit_event_and_removes_the_role(province):
    vanphong = province.user("vanphong")
    user = province.user("soyte")
    assignment = RoleAssignment.objects.get(user=user)
    services.role_revoke(by=vanphong, assignment=assignment)
    assert RoleAssignment.objects.filter(user=user).count() == 0
    event = last_event("accounts.role.revoked")
    assert (event.actor, event.target_id, event.data) == (
        vanphong, user.pk, {"role": "unit_clerk", "unit": province.unit_ids["SYT"]})


def test_role_revoke_refreshes_the_users_access(province):
    user = province.user("soyte")
    assert access_of(user).roles == frozenset({"unit_clerk"})
    services.role_revoke(by=None, assignment=user.role_assignments.get())
    assert access_of(user).roles == frozenset()


def test_token_issue_writes_an_audit_event_and_stores_only_the_hash(province):
    user = province.user("yenthe")
    raw = issue(username="yenthe", password="thidua-demo")
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash(raw)
    assert ApiToken.objects.filter(key_hash=raw).count() == 0
    event = last_event("accounts.token.issued")
    assert (event.actor, event.target_id, event.data) == (user, user.pk, {"token": token.pk})


def test_token_issue_with_a_wrong_password_is_denied_issues_nothing_and_is_audited(province):
    before = rows()
    with pytest.raises(PermissionDenied):
        issue(username="yenthe", password="wrong")
    after = rows()
    assert (after["ApiToken"], after["User"]) == (before["ApiToken"], before["User"])
    assert after["AuditEvent"] == before["AuditEvent"] + 1
    event = last_event("accounts.user.login_failed")
    assert (event.actor, event.target_id, event.data) == (
        None, province.user("yenthe").pk, {"username": "yenthe", "ip": "10.0.0.1", "locked_out": False})


def test_token_issue_for_an_unknown_user_is_denied(province):
    with pytest.raises(PermissionDenied):
        issue(username="nobody", password="thidua-demo")


def test_token_issue_for_an_inactive_user_is_denied(province):
    User.objects.filter(username="yenthe").update(is_active=False)
    with pytest.raises(PermissionDenied):
        issue(username="yenthe", password="thidua-demo")


def test_token_user_finds_the_tokens_owner(province):
    raw = issue(username="soyte", password="thidua-demo")
    assert services.token_user(raw) == province.user("soyte")


def test_token_user_of_an_expired_token_is_none(province):
    raw = issue(username="soyte", password="thidua-demo")
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.token_user(raw) is None


def test_token_user_of_a_deactivated_user_is_none(province):
    raw = issue(username="soyte", password="thidua-demo")
    User.objects.filter(username="soyte").update(is_active=False)
    assert services.token_user(raw) is None


@pytest.mark.parametrize("raw", ["", "not-a-token", "x" * 201, "abc\x00def"])
def test_token_user_of_a_bad_token_is_none(province, raw):
    assert services.token_user(raw) is None


OFFICE_ONLY_CALLS = {
    "user_create": lambda p, by: services.user_create(by=by, username="moi", password="mat-khau-dai-1"),
    "role_assign": lambda p, by: services.role_assign(by=by, user=p.user("yenthe"), role=Role.COUNCIL_OFFICE,
                                                      unit=p.unit("SNV")),
    "role_revoke": lambda p, by: services.role_revoke(by=by, assignment=p.user("soyte").role_assignments.get()),
}


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "chutich", "thanhvien"])
@pytest.mark.parametrize("service", sorted(OFFICE_ONLY_CALLS))
def test_office_only_service_called_by_another_role_is_denied_and_writes_nothing(province, service, username):
    before = rows()
    with pytest.raises(PermissionDenied):
        OFFICE_ONLY_CALLS[service](province, province.user(username))
    assert rows() == before
    assert User.objects.get(username="yenthe").is_staff is False
