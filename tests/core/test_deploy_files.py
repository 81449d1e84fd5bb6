"""The deployment files are real files: the compose description parses and names the topology docs/deploy.md
describes, and every command the systemd units and the compose services run is a command thidua has."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _thidua_command(argv: list[str]) -> str:
    assert Path(argv[0]).name == "thidua", argv
    name = {"worker": "db_worker"}.get(argv[1], argv[1])
    assert name in get_commands(), argv
    return argv[1]


def test_compose_describes_the_shared_topology():
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "minio", "bucket", "migrate", "web", "worker", "schedule", "proxy"}
    assert (services["web"]["deploy"]["replicas"], services["worker"]["deploy"]["replicas"]) == (2, 2)
    assert services["schedule"]["deploy"]["replicas"] == 1  # one reminder schedule, however many servers
    env = services["web"]["environment"]
    assert (env["THIDUA_ENV"], env["TASKS_BACKEND"], env["THIDUA_STORAGE"], env["AWS_S3_ENDPOINT_URL"]) == (
        "production", "django_tasks_rq.RQBackend", "s3", "http://minio:9000")
    assert env["DATABASE_URL"].startswith("postgresql://thidua:") and env["CACHE_URL"].startswith("redis://redis:")
    assert services["worker"]["environment"] == {k: v for k, v in env.items() if k != "THIDUA_WEB_WORKERS"}
    assert services["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    for name in ("migrate", "web", "worker", "schedule"):
        _thidua_command(services[name]["command"])


def test_systemd_units_run_thidua_commands():
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [u.name for u in units] == ["thidua-backup.service", "thidua-remind.service", "thidua-web.service",
                                       "thidua-worker@.service", "thidua.service"]
    ran = set()
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(unit)
        assert parser["Service"]["User"] == "thidua", unit.name
        ran.add(_thidua_command(shlex.split(parser["Service"]["ExecStart"])))
    assert ran == {"backup", "remind", "serve", "worker"}
    timer = configparser.ConfigParser(interpolation=None)
    timer.read(DEPLOY / "systemd" / "thidua-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 01:30:00"
