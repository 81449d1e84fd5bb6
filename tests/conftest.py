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
        client.force_login(user)
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
