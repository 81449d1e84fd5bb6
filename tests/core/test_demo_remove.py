"""``thidua demo --remove`` before going live works whatever the demo users did: each demo user signs in and acts
(votes in the council, signs a decision, sends and receives documents, holds API tokens and a web session), then the
removal leaves no demo login, keeps every record they made, and the production check passes."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from tests.awards.conftest import move
from tests.awards.test_council_api import appraised, awaiting, meeting_body, post
from tests.submissions.helpers import receive, send
from thidua.accounts.models import User
from thidua.awards.enums import DecisionStatus
from thidua.awards.models import Decision
from thidua.campaigns.enums import RecipientKind
from thidua.core.checks import demo_users_exist, refuse_demo_users_in_production
from thidua.core.models import AuditEvent
from thidua.demo.loader import remove_demo_users
from thidua.evaluation.models import BallotCast, Candidate

DEMO_LOGINS = ["vanphong", "chutich", "hiephoa", "yenthe", "soyte", "thanhvien", "giamdocyt"]
#: Rows that belong to the logins themselves and go with them (or, for the audit log, gain the removal events).
PERSONAL = {"accounts.user", "accounts.roleassignment", "accounts.apitoken", "core.notification", "admin.logentry",
            "awards.signatory", "sessions.session", "core.auditevent", "axes.accessattempt", "axes.accesslog",
            "axes.accessfailurelog"}


def _token_client(username: str) -> tuple[Client, int]:
    client = Client()
    response = client.post("/api/v1/auth/token", data=json.dumps({"username": username, "password": "thidua-demo"}),
                           content_type="application/json")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json().get('token', '')}"
    return client, response.status_code


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()
            if model._meta.label_lower not in PERSONAL}


@pytest.fixture
def busy_demo(province, settings, tmp_path):
    """Every demo user signed in (a web session and an API token each) and busy."""
    settings.MEDIA_ROOT = tmp_path / "media"
    tokens = {}
    for username in DEMO_LOGINS:
        tokens[username], status = _token_client(username)
        assert status == 200, username
    sessions = {}
    for username in DEMO_LOGINS:
        sessions[username] = Client()
        sessions[username].force_login(User.objects.get(username=username))
    assert sessions["yenthe"].get(reverse("home")).status_code == 200
    # The council votes on two nominees: the three members with a login cast their ballots (a ballot keeps its voter).
    title, items = appraised(province, "CSTD_TINH", ["Trần Văn Khánh", "Phạm Thị Liên"])
    move(title, "at_council")
    meeting = post(tokens["vanphong"], "/api/v1/council-meetings", meeting_body(10)).json()
    round_id = post(tokens["vanphong"], f"/api/v1/council-meetings/{meeting['id']}/votes",
                    {"nomination_item_ids": items}).json()["round_id"]
    for username in ("chutich", "vanphong", "thanhvien"):
        response = post(tokens[username], f"/api/v1/voting-rounds/{round_id}/ballots", {"choices": items[:1]})
        assert response.status_code == 201, response.content
    # The Chairman signs the decision waiting for him.
    decision = awaiting()
    assert post(tokens["chutich"], f"/api/v1/decisions/{decision.pk}/sign", {}).status_code == 200
    # The clerks send their launch documents; the office accepts one.
    versions = {username: send(province, username) for username in ("hiephoa", "yenthe", "soyte")}
    receive(province, "vanphong", versions["hiephoa"].submission, RecipientKind.COUNCIL_OFFICE)
    return {"tokens": tokens, "sessions": sessions, "round": round_id, "items": items, "decision": decision.pk}


def test_removal_leaves_no_demo_login_and_the_production_check_passes(busy_demo, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        refuse_demo_users_in_production()
    removed = remove_demo_users()
    assert removed["deleted"] + removed["anonymised"] == 7
    assert demo_users_exist() is False
    refuse_demo_users_in_production()
    for username in DEMO_LOGINS:
        # The password no longer opens anything (refused, then the address is locked out after a few tries).
        assert _token_client(username)[1] in (403, 429), username
        assert busy_demo["tokens"][username].get("/api/v1/campaigns").status_code == 401, username
        home = busy_demo["sessions"][username].get(reverse("home"))  # the web session signed in before
        assert (home.status_code, home["Location"].split("?")[0]) == (302, reverse("accounts:login")), username
    assert not User.objects.filter(username__in=DEMO_LOGINS).exists()


def test_demo_users_with_records_are_kept_without_name_password_or_roles(busy_demo):
    """Those who voted, signed, appraised, sent or received stay as inactive accounts; the others are deleted."""
    acted = {"vanphong", "chutich", "thanhvien", "hiephoa", "yenthe", "soyte", "giamdocyt"}  # all of them, here
    ids = dict(User.objects.filter(username__in=DEMO_LOGINS).values_list("username", "pk"))
    assert remove_demo_users() == {"deleted": 0, "anonymised": len(acted)}
    kept = User.objects.filter(pk__in=[ids[u] for u in acted]).order_by("pk")
    assert [(u.username, u.first_name, u.email, u.is_active, u.has_usable_password(), u.role_assignments.count(),
             u.api_tokens.count()) for u in kept] == [
        (f"demo-removed-{u.pk}", gettext("Removed demo account"), "", False, False, 0, 0) for u in kept]


def test_removal_keeps_every_record_the_demo_users_made(busy_demo):
    before = _counts()
    events = dict(AuditEvent.objects.exclude(actor_name="").values_list("pk", "actor_name"))
    votes = dict(Candidate.objects.filter(round_id=busy_demo["round"]).values_list("nomination_item_id", "votes"))
    remove_demo_users()
    assert _counts() == before
    assert dict(AuditEvent.objects.filter(pk__in=events).values_list("pk", "actor_name")) == events
    assert BallotCast.objects.filter(round_id=busy_demo["round"]).count() == 3
    assert dict(Candidate.objects.filter(round_id=busy_demo["round"]).values_list(
        "nomination_item_id", "votes")) == votes == {busy_demo["items"][0]: 3, busy_demo["items"][1]: 0}
    decision = Decision.objects.get(pk=busy_demo["decision"])
    assert (decision.status, decision.signed_by.first_name) == (DecisionStatus.SIGNED, gettext("Removed demo account"))


def test_a_demo_user_who_did_nothing_is_deleted_and_the_removal_runs_once(province):
    """As loaded, Yên Thế's clerk has done nothing: the login goes entirely; a second removal finds nothing."""
    yenthe = province.user_ids["yenthe"]
    removed = remove_demo_users()
    assert not User.objects.filter(pk=yenthe).exists()
    assert removed["deleted"] >= 1
    assert remove_demo_users() == {"deleted": 0, "anonymised": 0}
    deleted_events = AuditEvent.objects.filter(action="accounts.user.deleted")
    assert sorted(e.data["username"] for e in deleted_events) == sorted(DEMO_LOGINS)
