"""``thidua demo`` on an empty database builds the demo province and prints the logins."""

from django.core.management import call_command

from thidua.campaigns.models import Campaign


def test_demo_command_loads_the_demo_into_an_empty_database(db, capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")
    out = capsys.readouterr().out
    assert "Demo loaded." in out
    assert "vanphong" in out
    assert Campaign.objects.get().code == "NR-2021"
