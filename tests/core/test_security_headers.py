"""Every page carries the security headers: a Content-Security-Policy with no inline script, no framing, no sniffing."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("url", ["/accounts/login/", "/"])
def test_pages_carry_a_strict_content_security_policy(province, url, login):
    client = login("vanphong") if url == "/" else None
    from django.test import Client

    response = (client or Client()).get(url)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no CDN
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_carries_an_inline_script_or_event_handler():
    """The policy forbids them, so a browser would silently ignore them: keep behaviour in static files."""
    import re
    from pathlib import Path

    import thidua

    templates = Path(thidua.__file__).parent / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(templates)))
    assert offenders == []


@pytest.mark.debian_package("fonts-liberation2")  # without the certificate font, thidua.W001 warns
def test_check_deploy_reports_nothing_with_the_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin", "THIDUA_ENV": "production", "SECRET_KEY": "k" * 20 + "-Zq8#v2Lr!x7Pw3&nM5tY9" * 3,
        "ALLOWED_HOSTS": "thiduakhenthuong.bacgiang.gov.vn", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "THIDUA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env={**env, "DJANGO_SETTINGS_MODULE": "thidua.config.settings"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
