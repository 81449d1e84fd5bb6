"""The Django admin is the system administrator's alone (issue 15, part 7): the council office, even one made staff
with every catalog permission, is sent to the admin's sign-in and changes nothing there; a superuser works in it."""

from django.contrib.auth.models import Permission

from tests.support import signed_in
from thidua.accounts.models import User
from thidua.org.models import Unit


def test_the_office_does_not_reach_the_admin_even_as_staff_with_permissions(province):
    office = User.objects.get(username="vanphong")
    office.is_staff = True
    office.save(update_fields=["is_staff"])
    office.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=("org", "campaigns")))
    client = signed_in("vanphong")
    for url in ("/admin/", "/admin/org/unit/", "/admin/org/unit/add/", "/admin/campaigns/campaign/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    count = Unit.objects.count()
    response = client.post("/admin/org/unit/add/", {"name": "Đơn vị lạ", "code": "LA", "kind": "department"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Unit.objects.count() == count
    assert 'href="/admin/"' not in client.get("/").content.decode()


def test_a_superuser_works_in_the_admin_and_sees_its_link(province):
    from django.test import Client

    client = Client()
    client.force_login(User.objects.create_superuser("quantri-he-thong", "qt@example.gov.vn", "Qu4n-tri-2026"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/org/unit/").status_code == 200
    assert 'href="/admin/"' in client.get("/").content.decode()
