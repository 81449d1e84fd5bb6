"""A production configuration refuses to start while the demo's well-known logins exist."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext

from thidua.accounts.models import User
from thidua.core.checks import demo_users_exist, refuse_demo_users_in_production
from thidua.core.models import AuditEvent
from thidua.demo.loader import remove_demo_users
from thidua.org.models import Unit


def test_production_with_demo_users_refuses_to_start(province, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        refuse_demo_users_in_production()


def test_production_after_removing_demo_users_starts(province, settings):
    settings.PRODUCTION = True
    remove_demo_users()
    assert demo_users_exist() is False
    refuse_demo_users_in_production()


def test_development_with_demo_users_starts(province, settings):
    settings.PRODUCTION = False
    assert demo_users_exist() is True
    refuse_demo_users_in_production()


def test_remove_demo_users_keeps_real_users_and_units(province, settings):
    User.objects.create_user(username="canbo", password="mat-khau-that-dai")
    units = Unit.objects.count()
    remove_demo_users()
    assert list(User.objects.filter(is_active=True).values_list("username", flat=True)) == ["canbo"]
    assert Unit.objects.count() == units
    settings.PRODUCTION = True
    refuse_demo_users_in_production()


def test_remove_demo_users_returns_how_many_users_it_removed(province):
    """Not the rows removed with them (their roles and admin permissions)."""
    # The six of the login page and Sở Y tế's director (thidua.demo.councils); the office's clerk (appraiser), Sở Y
    # tế's clerk (appraiser, decision prepared) and its director (decision signed) have actions on record.
    assert remove_demo_users() == {"deleted": 4, "anonymised": 3}


def test_demo_command_remove_deletes_the_demo_users(province, capsys):
    call_command("demo", "--remove")
    assert capsys.readouterr().out.splitlines()[0] == "Removed 7 demo users."
    assert User.objects.filter(is_demo=True, is_active=True).count() == 0
    assert list(User.objects.filter(is_demo=True).values_list("first_name", flat=True)) == [
        gettext("Removed demo account")] * 3


def test_serve_command_in_production_refuses_while_demo_users_exist(province, settings):
    settings.PRODUCTION = True
    with pytest.raises((ImproperlyConfigured, CommandError)):
        call_command("serve", "--no-worker")


def test_remove_demo_users_leaves_an_audit_event_per_user(province):
    remove_demo_users()
    events = AuditEvent.objects.filter(action="accounts.user.deleted")
    assert sorted(e.data["username"] for e in events) == sorted(
        ["vanphong", "chutich", "hiephoa", "yenthe", "soyte", "thanhvien", "giamdocyt"])
