"""The council office manages the users on its own pages: an invitation by email whose link sets the password,
roles in units, a password link, deactivation — audited, refused to anyone else."""

from __future__ import annotations

import re

from django.core import mail

from tests.support import signed_in
from thidua.accounts.models import RoleAssignment, User
from thidua.core.models import AuditEvent


def _invite(client, province, username="canbo-moi", email="canbo.moi@bacninh.gov.vn", unit="SYT"):
    return client.post("/accounts/users/invite/", {
        "username": username, "full_name": "Nguyễn Thị Mới", "email": email, "role": "unit_clerk",
        "unit": province.unit_ids[unit]})


def test_an_invited_user_chooses_a_password_from_the_link_and_signs_in(province, django_capture_on_commit_callbacks):
    office = signed_in("vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(office, province)
    user = User.objects.get(username="canbo-moi")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, role="unit_clerk", unit_id=province.unit_ids["SYT"]).exists()
    assert [m.to for m in mail.outbox] == [["canbo.moi@bacninh.gov.vn"]]
    link = re.search(r"http://\S+/accounts/password/\S+/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]

    from django.test import Client

    person = Client()
    form = person.get(path, follow=True)
    assert form.status_code == 200 and 'id="password-set-form"' in form.content.decode()
    done = person.post(form.redirect_chain[-1][0] if form.redirect_chain else path,
                       {"new_password1": "Thi-dua-2027!x", "new_password2": "Thi-dua-2027!x"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Thi-dua-2027!x")
    # The link works once.
    assert 'id="password-set-form"' not in Client().get(path, follow=True).content.decode()


def test_invitation_refuses_a_taken_name_and_a_bad_address(province):
    office = signed_in("vanphong")
    assert _invite(office, province, username="yenthe").status_code == 400
    assert _invite(office, province, email="not-an-address").status_code == 400
    assert not User.objects.filter(email="not-an-address").exists()


def test_roles_reset_and_deactivation_are_audited(province, django_capture_on_commit_callbacks):
    office = signed_in("vanphong")
    _invite(office, province)
    user = User.objects.get(username="canbo-moi")
    action = f"/accounts/users/{user.pk}/action/"
    assert office.post(action, {"action": "role", "role": "unit_head", "unit": province.unit_ids["SYT"]}
                       ).status_code == 302
    head = RoleAssignment.objects.get(user=user, role="unit_head")
    assert office.post(action, {"action": "revoke", "assignment": head.pk}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=head.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert office.post(action, {"action": "reset"}).status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password/" in mail.outbox[0].body
    assert office.post(action, {"action": "deactivate"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert office.post(action, {"action": "deactivate"}).status_code == 400  # already
    actions = set(AuditEvent.objects.filter(target_id=user.pk).values_list("action", flat=True))
    assert {"accounts.user.created", "accounts.role.assigned", "accounts.role.revoked",
            "accounts.user.password_reset_sent", "accounts.user.deactivated"} <= actions


def test_the_office_cannot_deactivate_itself(province):
    office = signed_in("vanphong")
    me = User.objects.get(username="vanphong")
    assert office.post(f"/accounts/users/{me.pk}/action/", {"action": "deactivate"}).status_code == 400
    me.refresh_from_db()
    assert me.is_active


def test_another_role_cannot_use_the_users_pages(province):
    clerk = signed_in("hiephoa")
    victim = User.objects.get(username="yenthe")
    assert clerk.get("/accounts/users/").status_code == 403
    assert clerk.get(f"/accounts/users/{victim.pk}/").status_code == 403
    assert clerk.post(f"/accounts/users/{victim.pk}/action/", {"action": "deactivate"}).status_code == 403
    assert clerk.post(f"/accounts/users/{victim.pk}/action/", {"action": "role", "role": "council_office",
                                                               "unit": province.unit_ids["H-HH"]}).status_code == 403
    assert _invite(clerk, province, username="ke-gian").status_code == 403
    victim.refresh_from_db()
    assert victim.is_active and not RoleAssignment.objects.filter(user__username="hiephoa",
                                                                  role="council_office").exists()
    assert not User.objects.filter(username="ke-gian").exists()


def test_sending_a_new_password_link_ends_a_lockout(province, django_capture_on_commit_callbacks):
    """A clerk locked out after failed sign-ins: the office sends a new password link from the Users page (the admin
    is for superusers only) and the failed attempts of that name are cleared; another user's stay."""
    from axes.models import AccessAttempt

    for username in ("yenthe", "hiephoa"):
        AccessAttempt.objects.create(username=username, ip_address="10.0.0.9", user_agent="test",
                                     failures_since_start=9, get_data="", post_data="", http_accept="",
                                     path_info="/accounts/login/")
    clerk = User.objects.get(username="yenthe")
    clerk.email = "yenthe@example.gov.vn"
    clerk.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in("vanphong").post(f"/accounts/users/{clerk.pk}/action/", {"action": "reset"})
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["hiephoa"]
    event = AuditEvent.objects.filter(action="accounts.user.password_reset_sent", target_id=clerk.pk).get()
    assert event.data["failed_sign_ins_cleared"] == 1
