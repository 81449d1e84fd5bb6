"""``thidua demo`` on an empty database builds the demo province and prints the logins."""

from django.core.management import call_command
from django.utils import timezone

from thidua.campaigns.models import Campaign


def test_demo_command_loads_the_demo_into_an_empty_database(db, capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")
    out = capsys.readouterr().out
    assert "Demo loaded." in out
    assert "vanphong" in out
    year = timezone.localdate().year
    assert set(Campaign.objects.values_list("code", flat=True)) == {"NR-2021", f"NR-{year}"}
    assert f"campaign NR-{year}" in out
