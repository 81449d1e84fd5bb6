"""Secrecy of the ballot, tested on the schema: the system records that someone voted and stores no link between a
voter and a choice — in no model, no table, no audit event and no API response."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from tests.evaluation.builders import clerk, open_round
from thidua.core.models import AuditEvent
from thidua.evaluation import services
from thidua.evaluation.models import BallotCast, Candidate, VotingRound
from thidua.org.models import Unit

VOTER_MODELS = (get_user_model(), Unit)
NUMBERS = {"PositiveSmallIntegerField", "PositiveIntegerField", "IntegerField", "SmallIntegerField"}


def relations(model) -> list:
    """The model's own fields that point to another model (foreign keys, one-to-ones, many-to-manys)."""
    return [f for f in model._meta.get_fields() if f.is_relation and f.concrete]


def test_no_model_links_a_voter_to_a_candidate_or_a_choice():
    """The audit log (an actor and free JSON) is the one generic place left: see the audit test below."""
    offenders = []
    for model in apps.get_models(include_auto_created=True):
        if model is Candidate:
            continue  # its one unit is the candidate itself (checked below)
        targets = {f.related_model for f in relations(model)}
        # A field that could hold choices: any but a number (a round's ``max_choices`` is a limit, not a choice).
        named = {f.name for f in model._meta.concrete_fields if f.get_internal_type() not in NUMBERS}
        links_a_choice = Candidate in targets or any("choice" in n or "candidate" in n for n in named)
        links_a_voter = bool(targets & set(VOTER_MODELS))
        if links_a_choice and links_a_voter:
            offenders.append(model._meta.label)
    assert offenders == []


def test_nothing_refers_to_a_candidate():
    assert [f for f in Candidate._meta.get_fields() if f.auto_created and not f.concrete] == []


def test_ballot_cast_has_no_field_referring_to_a_candidate():
    assert sorted(f.name for f in BallotCast._meta.get_fields()) == ["id", "round", "voter_unit", "voter_user"]
    assert {f.related_model for f in relations(BallotCast)} == {VotingRound, Unit, get_user_model()}


def test_candidate_has_no_timestamp_and_no_voter():
    # A council's candidate is a nominee (a dossier's item) with its title's threshold: still no voter, no time.
    assert sorted(f.name for f in Candidate._meta.get_fields()) == [
        "id", "nomination_item", "round", "threshold_percent", "unit", "votes"]
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in Candidate._meta.concrete_fields)


@pytest.mark.django_db
def test_no_table_joins_a_voter_and_a_candidate():
    candidate_table = Candidate._meta.db_table
    ballot_table = BallotCast._meta.db_table
    voter_tables = {model._meta.db_table for model in VOTER_MODELS}
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert {candidate_table, ballot_table} <= set(tables)
        joining = []
        for table in tables:
            referenced = {target for _column, (_field, target) in
                          connection.introspection.get_relations(cursor, table).items()}
            if table != candidate_table and candidate_table in referenced:
                joining.append(table)
            if ballot_table in referenced:
                joining.append(table)
            if table == candidate_table:
                assert referenced == {VotingRound._meta.db_table, Unit._meta.db_table, "awards_nominationitem"}
            if table == ballot_table:
                assert referenced & voter_tables == voter_tables
                assert candidate_table not in referenced
        assert joining == []
        candidate_columns = {c.name for c in connection.introspection.get_table_description(cursor,
                                                                                              candidate_table)}
        ballot_columns = {c.name for c in connection.introspection.get_table_description(cursor, ballot_table)}
    assert candidate_columns == {"id", "round_id", "unit_id", "nomination_item_id", "threshold_percent", "votes"}
    assert ballot_columns == {"id", "round_id", "voter_unit_id", "voter_user_id"}


# ── what a ballot leaves behind ─────────────────────────────────────────────────────────────────────────────


def keys_of(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_the_audit_event_of_a_ballot_carries_no_choices(province):
    voting_round = open_round(province, candidates=["H-YT", "H-TY"])
    before = AuditEvent.objects.count()
    services.ballot_cast(by=province.user("yenthe"), voting_round=voting_round, choices=[province.unit_ids["H-TY"]])
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.data) for e in events] == [("evaluation.ballot.cast", {})]
    assert str(province.unit_ids["H-TY"]) not in events[0].target_repr


def test_api_responses_hold_no_voter_beside_a_choice(province, api_client):
    opens = timezone.now() - datetime.timedelta(hours=1)
    voting_round = open_round(province, candidates=["H-YT", "H-TY"], opens_at=opens,
                              closes_at=opens + datetime.timedelta(hours=2))
    clerk(province, "H-TY", "tanyen")
    posted = [api_client(username).post(f"/api/v1/voting-rounds/{voting_round.pk}/ballots",
                                        data=json.dumps({"choices": [province.unit_ids[choice]]}),
                                        content_type="application/json")
              for username, choice in (("yenthe", "H-TY"), ("tanyen", "H-YT"), ("hiephoa", "H-YT"))]
    assert [(r.status_code, r.json()) for r in posted] == [(201, {})] * 3
    VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    responses = {
        "result": api_client("vanphong").get(f"/api/v1/voting-rounds/{voting_round.pk}/result").json(),
        "sheets": api_client("vanphong").get(f"/api/v1/campaigns/{province.campaign_id}/score-sheets").json(),
    }
    assert responses["result"]["voted"] == 3
    assert [(c["unit_id"], c["votes"]) for c in responses["result"]["candidates"]] == [
        (province.unit_ids["H-YT"], 2), (province.unit_ids["H-TY"], 1)]
    for name, body in responses.items():
        assert not {k for k in keys_of(body) if "voter" in k or "user" in k or "ballot" in k}, name
    assert set(keys_of(responses["result"])) == {"electorate", "voted", "quorum_met", "closed", "candidates",
                                                 "unit_id", "unit_name", "nomination_item_id", "name",
                                                 "award_type", "votes", "percent", "percent_of_all_members",
                                                 "threshold_percent", "passed", "within_quota"}


def test_openapi_offers_no_schema_with_a_voter(province, client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert [name for name, schema in schemas.items()
            if any("voter" in p for p in schema.get("properties", {}))] == []
