"""Sign-in as an attacker would try it: guessing passwords (locked per account and per address, on the page and the
API), tokens (listed and revoked by their owner only, revoked by a password change, a few per user), and the audit
of sign-ins, failed sign-ins and account changes (the admin included)."""

import datetime
import json

import pytest
from axes.models import AccessAttempt
from django.test import Client

from thidua.accounts import services
from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.core.models import AuditEvent
from thidua.org.models import Unit

PASSWORD = "thidua-demo"


def page_login(client: Client, username: str, password: str, ip: str = "10.1.1.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def api_login(client: Client, username: str, password: str, ip: str = "10.1.1.1"):
    return client.post("/api/v1/auth/token", data=json.dumps({"username": username, "password": password}),
                       content_type="application/json", REMOTE_ADDR=ip)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def events(action: str):
    return AuditEvent.objects.filter(action=action).order_by("-id")


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(province):
    client = Client()
    for attempt in range(4):
        response = page_login(client, "yenthe", f"wrong-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    fifth = page_login(client, "yenthe", "wrong-5")
    assert fifth.status_code == 429
    assert "Quá nhiều lần đăng nhập sai" in fifth.content.decode()
    refused = page_login(client, "yenthe", PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # The account is locked from any address; the address is locked for any account.
    assert page_login(Client(), "yenthe", PASSWORD, ip="10.9.9.9").status_code == 429
    assert page_login(Client(), "hiephoa", PASSWORD, ip="10.1.1.1").status_code == 429
    # Another user from another address signs in.
    assert signed_in(page_login(Client(), "hiephoa", PASSWORD, ip="10.2.2.2"))


@pytest.mark.django_db
def test_after_the_cool_off_the_right_password_works_again(province, settings):
    for attempt in range(5):
        page_login(Client(), "yenthe", f"wrong-{attempt}")
    assert page_login(Client(), "yenthe", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME
                                 - datetime.timedelta(seconds=1))
    assert signed_in(page_login(Client(), "yenthe", PASSWORD))


@pytest.mark.django_db
def test_the_api_token_endpoint_is_limited_the_same_way(province):
    client = Client()
    for attempt in range(4):
        assert api_login(client, "soyte", f"wrong-{attempt}").status_code == 403
    locked = api_login(client, "soyte", "wrong-5")
    assert locked.status_code == 429
    body = locked.json()
    assert set(body) == {"detail", "errors"} and "Quá nhiều lần đăng nhập sai" in body["detail"]
    assert api_login(client, "soyte", PASSWORD).status_code == 429
    assert not ApiToken.objects.filter(user__username="soyte").exists()
    # Failures on the page and on the API add up for the same account.
    page_login(Client(), "hiephoa", "wrong", ip="10.3.3.3")
    for attempt in range(4):
        api_login(Client(), "hiephoa", f"wrong-{attempt}", ip="10.3.3.3")
    assert page_login(Client(), "hiephoa", PASSWORD, ip="10.4.4.4").status_code == 429


@pytest.mark.django_db
def test_sign_in_sign_out_and_failures_are_audited_with_the_address(province):
    user = province.user("yenthe")
    client = Client()
    assert signed_in(page_login(client, "yenthe", PASSWORD, ip="10.5.5.5"))
    event = events("accounts.user.logged_in").first()
    assert (event.actor, event.target_id, event.data, event.actor_name) == (
        user, user.pk, {"ip": "10.5.5.5"}, f"{user.get_full_name()} ({user.username})" if user.get_full_name()
        else user.username)
    client.post("/accounts/logout/", REMOTE_ADDR="10.5.5.5")
    assert events("accounts.user.logged_out").first().target_id == user.pk
    page_login(Client(), "yenthe", "wrong", ip="10.6.6.6")
    failed = events("accounts.user.login_failed").first()
    assert (failed.actor, failed.target_id, failed.data) == (
        None, user.pk, {"username": "yenthe", "ip": "10.6.6.6", "locked_out": False})
    page_login(Client(), "no-such-user", "guess", ip="10.7.7.7")
    unknown = events("accounts.user.login_failed").first()
    assert (unknown.target_id, unknown.target_repr, unknown.data["username"]) == (0, "no-such-user", "no-such-user")


@pytest.mark.django_db
def test_a_deleted_users_events_keep_who_they_were(province):
    office = province.user("vanphong")
    unit = Unit.objects.get(code="SNV")
    user = services.user_create(by=office, username="tam.nguyen", password="Kh0ng-de-doan-2026",
                                first_name="Tâm", last_name="Nguyễn")
    services.role_assign(by=office, user=user, role="unit_clerk", unit=unit)
    raw = services.token_create(user)
    token_id = ApiToken.objects.get(key_hash=ApiToken.hash(raw)).pk
    services.token_revoke(by=user, token_id=token_id)
    own = AuditEvent.objects.get(action="accounts.token.revoked", actor=user)
    RoleAssignment.objects.filter(user=user).delete()
    user.delete()
    own.refresh_from_db()
    assert own.actor is None
    assert own.actor_name == "Tâm Nguyễn (tam.nguyen)"


@pytest.mark.django_db
def test_tokens_are_listed_and_revoked_by_their_owner_only(province, api_client):
    soyte = api_client("soyte")
    yenthe = api_client("yenthe")
    mine = soyte.get("/api/v1/auth/tokens").json()
    assert len(mine) == 1
    theirs_id = yenthe.get("/api/v1/auth/tokens").json()[0]["id"]
    # Guessing another user's token id: not found, and the token still works.
    assert soyte.delete(f"/api/v1/auth/tokens/{theirs_id}").status_code == 404
    assert yenthe.get("/api/v1/auth/tokens").status_code == 200
    assert soyte.delete(f"/api/v1/auth/tokens/{mine[0]['id']}").status_code == 204
    # The revoked token no longer signs in.
    assert soyte.get("/api/v1/auth/tokens").status_code == 401
    assert not ApiToken.objects.filter(pk=mine[0]["id"]).exists()
    event = events("accounts.token.revoked").first()
    assert (event.actor.username, event.data) == ("soyte", {"tokens": [mine[0]["id"]], "reason": "owner"})


@pytest.mark.django_db
def test_a_user_holds_at_most_the_configured_number_of_tokens(province, settings):
    settings.THIDUA_API_TOKENS_PER_USER = 3
    user = province.user("hiephoa")
    raws = [services.token_create(user) for _ in range(5)]
    assert ApiToken.objects.filter(user=user).count() == 3
    assert [services.token_user(raw) for raw in raws] == [None, None, user, user, user]


@pytest.mark.django_db
def test_a_password_change_revokes_every_token_and_is_audited(province, api_client):
    client = api_client("yenthe")
    assert client.get("/api/v1/auth/tokens").status_code == 200
    user = province.user("yenthe")
    page = Client()
    page.force_login(user)
    response = page.post("/accounts/account/password/", {
        "old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"})
    assert response.status_code == 302
    assert client.get("/api/v1/auth/tokens").status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()
    changed = events("accounts.user.password_changed").first()
    assert (changed.actor, changed.target_id) == (user, user.pk)
    assert events("accounts.token.revoked").first().data["reason"] == "password"
    # The same happens when a password is set anywhere else.
    raw = services.token_create(user)
    user.set_password("Mot-mat-khau-khac-2026")
    user.save()
    assert services.token_user(raw) is None


@pytest.mark.django_db
def test_a_weak_new_password_is_refused(province):
    page = Client()
    page.force_login(province.user("yenthe"))
    response = page.post("/accounts/account/password/", {
        "old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert User.objects.get(username="yenthe").check_password(PASSWORD)


@pytest.mark.django_db
def test_the_account_page_lists_only_ones_own_tokens_and_revokes_only_them(province):
    soyte, yenthe = province.user("soyte"), province.user("yenthe")
    services.token_create(soyte)
    theirs = ApiToken.objects.get(key_hash=ApiToken.hash(services.token_create(yenthe)))
    page = Client()
    page.force_login(soyte)
    html = page.get("/accounts/account/").content.decode()
    assert html.count("/revoke/") == 1 and f"/tokens/{theirs.pk}/revoke/" not in html
    assert page.post(f"/accounts/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_admin_changes_to_users_and_roles_are_audited(province):
    admin_user = User.objects.create_superuser("quantri", "quantri@example.gov.vn", "Qu4n-tri-vien-2026")
    page = Client()
    page.force_login(admin_user)
    target = province.user("hiephoa")
    unit = Unit.objects.get(code="SNV")
    url = f"/admin/accounts/user/{target.pk}/change/"
    form = page.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({"username": target.username, "first_name": "Đổi tên", "last_name": target.last_name,
                 "email": target.email or "", "is_active": "on",
                 "date_joined_0": target.date_joined.strftime("%d/%m/%Y"),
                 "date_joined_1": target.date_joined.strftime("%H:%M:%S")})
    existing = list(RoleAssignment.objects.filter(user=target))
    data.update({"role_assignments-TOTAL_FORMS": str(len(existing) + 1),
                 "role_assignments-INITIAL_FORMS": str(len(existing)),
                 "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000"})
    for index, assignment in enumerate(existing):
        data.update({f"role_assignments-{index}-id": str(assignment.pk),
                     f"role_assignments-{index}-user": str(target.pk),
                     f"role_assignments-{index}-role": assignment.role,
                     f"role_assignments-{index}-unit": str(assignment.unit_id)})
    new = len(existing)
    data.update({f"role_assignments-{new}-user": str(target.pk), f"role_assignments-{new}-role": "leader",
                 f"role_assignments-{new}-unit": str(unit.pk)})
    data.pop("password", None)
    response = page.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    changed = events("accounts.user.changed").first()
    assert (changed.actor, changed.target_id, changed.data["fields"], changed.data["first_name"]) == (
        admin_user, target.pk, ["first_name"], "Đổi tên")
    assigned = events("accounts.role.assigned").first()
    assert (assigned.actor, assigned.data) == (admin_user, {"role": "leader", "unit": unit.pk, "via": "admin"})

    raw = services.token_create(target)
    response = page.post(f"/admin/accounts/user/{target.pk}/password/",
                         {"password1": "Mat-khau-quan-tri-2026", "password2": "Mat-khau-quan-tri-2026",
                          "usable_password": "true"})
    assert response.status_code == 302
    password = events("accounts.user.password_changed").first()
    assert (password.actor, password.target_id) == (admin_user, target.pk)
    assert services.token_user(raw) is None

    leaving = services.user_create(by=province.user("vanphong"), username="roi.di", password="Kh0ng-de-doan-2026")
    assert page.post(f"/admin/accounts/user/{leaving.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=leaving.pk).exists()
    deleted = events("accounts.user.deleted").first()
    assert (deleted.actor, deleted.target_id, deleted.data["username"]) == (admin_user, leaving.pk, "roi.di")
