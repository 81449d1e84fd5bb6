"""Shared fixtures. ``demo`` loads the real demo province (the seed campaign, its units, clusters and users)."""

import json

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _report_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        print(f"\n[thidua] test database: {connection.vendor} ({connection.settings_dict['NAME']})")


@pytest.fixture
def demo(db):
    """The demo province, loaded through the services (so the audit log is populated too)."""
    from thidua.demo.loader import load_demo

    return load_demo()


@pytest.fixture
def login():
    """``login("vanphong")`` → a test client signed in as that demo user."""

    def _login(username: str) -> Client:
        from thidua.accounts.models import User

        client = Client()
        user = User.objects.get(username=username)
        # force_login: Client.login authenticates without a request, which the login lockout (django-axes) refuses.
        assert user.check_password("thidua-demo"), username
        from tests.support import force_login_unaudited

        force_login_unaudited(client, user)
        return client

    return _login


@pytest.fixture
def api_client():
    """``api_client("soyte")`` → a client whose requests carry that user's bearer token."""

    def _client(username: str | None) -> Client:
        client = Client()
        if username is None:
            return client
        response = client.post(
            "/api/v1/auth/token",
            data=json.dumps({"username": username, "password": "thidua-demo"}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
        return client

    return _client


# ── tests that need a Debian package ───────────────────────────────────────────────────────────────────────────
# ``@pytest.mark.debian_package("fonts-liberation2")``: without the package the test is skipped with the reason,
# unless THIDUA_REQUIRE_DEBIAN_PACKAGES=1 (CI, which installs them), where a missing package fails it.
REQUIRE_DEBIAN_PACKAGES = "THIDUA_REQUIRE_DEBIAN_PACKAGES"


def _debian_package_present(package: str) -> bool:
    import shutil

    if package == "fonts-liberation2":
        from thidua.documents.certificate import missing_fonts

        return not missing_fonts()
    if package == "gettext":
        return shutil.which("xgettext") is not None
    raise ValueError(f"no presence check for the Debian package {package}")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "debian_package(name): needs that Debian package; skipped without it unless "
                   f"{REQUIRE_DEBIAN_PACKAGES}=1")


def pytest_runtest_setup(item):
    import os

    for marker in item.iter_markers(name="debian_package"):
        package = marker.args[0]
        if _debian_package_present(package):
            continue
        reason = f"needs the Debian package {package} (apt-get install -y {package})"
        if os.environ.get(REQUIRE_DEBIAN_PACKAGES, "").strip() == "1":
            pytest.fail(f"{REQUIRE_DEBIAN_PACKAGES}=1 but the test {reason}", pytrace=False)
        pytest.skip(reason)
