"""Secret-ballot rounds: the threshold met exactly and missed by one, the quorum, one ballot per voter, the voting
window, the number of choices, the quotas (one emulation flag per cluster/block, certificates for a share of the
members), who may open a round and who may vote, and the audit events."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.evaluation.builders import (  # noqa: F401 (english: a fixture)
    BLOCK_VHXH,
    CLUSTER_1,
    clerk,
    council_members,
    english,
    last_event,
    open_round,
)
from thidua.evaluation import selectors, services
from thidua.evaluation.enums import AwardQuota, Electorate
from thidua.evaluation.models import BallotCast, Candidate, VotingRound

pytestmark = pytest.mark.usefixtures("english")
COUNCIL = Electorate.COUNCIL_MEMBERS


def counts(province, voting_round: VotingRound) -> dict[str, int]:
    codes = {pk: code for code, pk in province.unit_ids.items()}
    return {codes[u]: v for u, v in Candidate.objects.filter(round=voting_round).values_list("unit_id", "votes")}


def result_of(province, voting_round: VotingRound) -> tuple:
    """``(electorate, voted, quorum_met, closed, [(code, votes, percent, passed, within_quota)])`` after the close."""
    codes = {pk: code for code, pk in province.unit_ids.items()}
    voting_round.refresh_from_db()
    result = selectors.round_result(voting_round=voting_round, now=voting_round.closes_at)
    return (result.electorate, result.voted, result.quorum_met, result.closed,
            [(codes[c.unit_id], c.votes, c.percent, c.passed, c.within_quota) for c in result.candidates])


def council_vote(province, *, voters: int, quorum="50", chosen=None, **kwargs) -> VotingRound:
    """A council round among 10 members on Yên Thế, Sở Y tế and Hiệp Hòa: the first ``voters`` members vote,
    six of them for Yên Thế and Sở Y tế, the rest for Yên Thế alone (or each as ``chosen`` says)."""
    members = council_members(province, 10)
    voting_round = open_round(province, candidates=["H-YT", "SYT", "H-HH"], cluster=None, electorate=COUNCIL,
                              quorum=quorum, **kwargs)
    for number, member in enumerate(members[:voters]):
        codes = chosen[number] if chosen else (["H-YT", "SYT"] if number < 6 else ["H-YT"])
        services.ballot_cast(by=member, voting_round=voting_round, choices=[province.unit_ids[c] for c in codes])
    return voting_round


# ── threshold and quorum ────────────────────────────────────────────────────────────────────────────────────


def test_threshold_met_exactly_and_missed_by_one(province):
    """70 % of 10 members is 7 votes: Yên Thế with 7 passes, Sở Y tế with 6 does not."""
    voting_round = council_vote(province, voters=7, threshold="70")
    assert result_of(province, voting_round) == (10, 7, True, True, [
        ("H-YT", 7, Decimal("70.00"), True, True),
        ("SYT", 6, Decimal("60.00"), False, True),
        ("H-HH", 0, Decimal("0.00"), False, True)])


def test_threshold_is_a_share_of_the_electorate_not_of_the_ballots(province):
    """7 of 7 ballots is 100 % of those who voted, but 70 % of the members: 80 % is not reached."""
    voting_round = council_vote(province, voters=7, threshold="80")
    assert [(code, passed) for code, _v, _p, passed, _q in result_of(province, voting_round)[4]] == [
        ("H-YT", False), ("SYT", False), ("H-HH", False)]


def test_quorum_not_met_nobody_passes(province):
    """80 % of 10 must vote; 7 did: Yên Thế's 7 votes reach the 70 % threshold but nothing passes."""
    voting_round = council_vote(province, voters=7, threshold="70", quorum="80")
    electorate, voted, quorum_met, _closed, candidates = result_of(province, voting_round)
    assert (electorate, voted, quorum_met) == (10, 7, False)
    assert [(code, votes, passed) for code, votes, _p, passed, _q in candidates] == [
        ("H-YT", 7, False), ("SYT", 6, False), ("H-HH", 0, False)]


def test_quorum_met_exactly(province):
    voting_round = council_vote(province, voters=8, threshold="70", quorum="80")
    assert result_of(province, voting_round)[:3] == (10, 8, True)


def test_an_empty_ballot_counts_for_the_quorum(province):
    voting_round = council_vote(province, voters=2, chosen=[[], ["H-HH"]])
    assert (result_of(province, voting_round)[1], counts(province, voting_round)) == (
        2, {"H-YT": 0, "SYT": 0, "H-HH": 1})


def test_result_is_not_closed_before_the_closing_time(province):
    voting_round = council_vote(province, voters=1)
    assert selectors.round_result(voting_round=voting_round).closed is False


# ── ballots ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_second_ballot_is_refused_and_counts_once(province):
    voting_round = council_vote(province, voters=1)
    with pytest.raises(ValidationError, match="already been cast"):
        services.ballot_cast(by=province.user("thanhvien"), voting_round=voting_round,
                             choices=[province.unit_ids["H-HH"]])
    assert counts(province, voting_round) == {"H-YT": 1, "SYT": 1, "H-HH": 0}
    assert BallotCast.objects.filter(round=voting_round).count() == 1


def test_second_ballot_for_the_same_member_unit_is_refused(province):
    """Two logins of one member unit cast one ballot between them."""
    voting_round = open_round(province, candidates=["H-YT", "H-TY"])
    services.ballot_cast(by=province.user("yenthe"), voting_round=voting_round, choices=[province.unit_ids["H-TY"]])
    with pytest.raises(ValidationError, match="already been cast"):
        services.ballot_cast(by=clerk(province, "H-YT", "yenthe2"), voting_round=voting_round,
                             choices=[province.unit_ids["H-TY"]])
    assert counts(province, voting_round) == {"H-YT": 0, "H-TY": 1}


@pytest.mark.parametrize(("offset", "message"), [
    (datetime.timedelta(seconds=-1), "not opened yet"),
    (datetime.timedelta(hours=2), "closed"),
    (datetime.timedelta(hours=3), "closed"),
])
def test_ballot_outside_the_window_is_refused(province, offset, message):
    opens = timezone.now()
    voting_round = open_round(province, candidates=["H-YT"], opens_at=opens, closes_at=opens + datetime.timedelta(
        hours=2))
    with pytest.raises(ValidationError, match=message):
        services.ballot_cast(by=province.user("hiephoa"), voting_round=voting_round,
                             choices=[province.unit_ids["H-YT"]], now=opens + offset)
    assert (counts(province, voting_round), BallotCast.objects.filter(round=voting_round).count()) == ({"H-YT": 0}, 0)


def test_ballot_at_the_opening_moment_is_accepted(province):
    opens = timezone.now() + datetime.timedelta(days=1)
    voting_round = open_round(province, candidates=["H-YT"], opens_at=opens, closes_at=opens + datetime.timedelta(
        hours=2))
    services.ballot_cast(by=province.user("hiephoa"), voting_round=voting_round,
                         choices=[province.unit_ids["H-YT"]], now=opens)
    assert counts(province, voting_round) == {"H-YT": 1}


def test_ballot_choosing_more_than_allowed_is_refused(province):
    voting_round = open_round(province, candidates=["H-YT", "H-TY", "H-VY"], max_choices=2)
    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(by=province.user("hiephoa"), voting_round=voting_round,
                             choices=[province.unit_ids[c] for c in ("H-YT", "H-TY", "H-VY")])
    assert caught.value.message_dict == {"choices": ["At most 2 choices on this ballot (the quota)."]}
    assert (counts(province, voting_round), BallotCast.objects.filter(round=voting_round).count()) == (
        {"H-YT": 0, "H-TY": 0, "H-VY": 0}, 0)


def test_ballot_choosing_outside_the_candidates_is_refused(province):
    voting_round = open_round(province, candidates=["H-YT"])
    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(by=province.user("hiephoa"), voting_round=voting_round,
                             choices=[province.unit_ids["H-TY"]])
    assert list(caught.value.message_dict) == ["choices"]


def test_ballot_repeating_a_choice_counts_it_once(province):
    voting_round = open_round(province, candidates=["H-YT", "H-TY"], max_choices=1)
    services.ballot_cast(by=province.user("hiephoa"), voting_round=voting_round,
                         choices=[province.unit_ids["H-YT"], province.unit_ids["H-YT"]])
    assert counts(province, voting_round) == {"H-YT": 1, "H-TY": 0}


@pytest.mark.parametrize("username", ["soyte", "vanphong", "chutich", "thanhvien"])
def test_only_member_units_vote_in_a_cluster_round(province, username):
    voting_round = open_round(province, candidates=["H-YT"])
    with pytest.raises(PermissionDenied):
        services.ballot_cast(by=province.user(username), voting_round=voting_round,
                             choices=[province.unit_ids["H-YT"]])


@pytest.mark.parametrize("username", ["vanphong", "chutich", "hiephoa", "yenthe"])
def test_only_council_members_vote_in_a_council_round(province, username):
    voting_round = open_round(province, candidates=["H-YT"], cluster=None, electorate=COUNCIL)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(by=province.user(username), voting_round=voting_round,
                             choices=[province.unit_ids["H-YT"]])


# ── quotas ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_emulation_flag_allows_one_choice(province):
    voting_round = open_round(province, candidates=["H-YT", "H-TY"], award=AwardQuota.EMULATION_FLAG, max_choices=3)
    assert voting_round.max_choices == 1
    with pytest.raises(ValidationError) as caught:
        services.ballot_cast(by=province.user("hiephoa"), voting_round=voting_round,
                             choices=[province.unit_ids["H-YT"], province.unit_ids["H-TY"]])
    assert caught.value.message_dict == {"choices": ["At most 1 choices on this ballot (the quota)."]}


def test_second_emulation_flag_round_in_the_same_cluster_is_refused(province):
    open_round(province, candidates=["H-YT"], award=AwardQuota.EMULATION_FLAG)
    with pytest.raises(ValidationError) as caught:
        open_round(province, candidates=["H-TY"], award=AwardQuota.EMULATION_FLAG)
    assert caught.value.message_dict == {"award": [
        "This cluster/block already has its emulation-flag vote for this campaign: at most one flag per "
        "cluster/block."]}
    assert VotingRound.objects.filter(award=AwardQuota.EMULATION_FLAG, cluster__name=CLUSTER_1).count() == 1


def test_emulation_flag_round_in_another_cluster_is_allowed(province):
    open_round(province, candidates=["H-YT"], award=AwardQuota.EMULATION_FLAG)
    assert open_round(province, candidates=["SYT"], cluster=BLOCK_VHXH, award=AwardQuota.EMULATION_FLAG).pk


def test_emulation_flag_needs_a_cluster(province):
    with pytest.raises(ValidationError) as caught:
        open_round(province, candidates=["H-YT"], cluster=None, electorate=COUNCIL, award=AwardQuota.EMULATION_FLAG)
    assert list(caught.value.message_dict) == ["award"]


def test_certificate_quota_is_the_share_of_the_clusters_members(province, settings):
    """Cụm 1 has 5 members: 20 % gives 1 certificate, 40 % gives 2."""
    assert open_round(province, candidates=["H-YT", "H-TY", "H-VY"], award=AwardQuota.CERTIFICATE).max_choices == 1
    settings.THIDUA_CERTIFICATE_SHARE = "0.4"
    assert open_round(province, candidates=["H-YT", "H-TY", "H-VY"], award=AwardQuota.CERTIFICATE).max_choices == 2


def test_certificate_round_asking_for_more_than_the_quota_is_refused(province, settings):
    settings.THIDUA_CERTIFICATE_SHARE = "0.4"
    with pytest.raises(ValidationError) as caught:
        open_round(province, candidates=["H-YT", "H-TY", "H-VY"], award=AwardQuota.CERTIFICATE, max_choices=3)
    assert caught.value.message_dict == {"max_choices": ["At most 2 certificates of merit in this cluster/block."]}


def cluster_ballots(province, settings, ballots: dict[str, list[str]], threshold: str = "60") -> VotingRound:
    """A certificate round in Cụm 1 (quota 2; threshold 60 % of 5 = 3 votes), each member voting as given."""
    settings.THIDUA_CERTIFICATE_SHARE = "0.4"
    voting_round = open_round(province, candidates=["H-YT", "H-VY", "TP-BG"], award=AwardQuota.CERTIFICATE,
                              threshold=threshold)
    voters = {"H-HH": province.user("hiephoa"), "H-YT": province.user("yenthe")}
    for code, choices in ballots.items():
        voter = voters.get(code) or clerk(province, code)
        services.ballot_cast(by=voter, voting_round=voting_round, choices=[province.unit_ids[c] for c in choices])
    return voting_round


def test_passing_candidates_beyond_the_quota_are_not_proposed(province, settings):
    """40 % of 5 is 2 votes: all three pass; the quota of 2 proposes the best two."""
    voting_round = cluster_ballots(province, settings, {
        "H-HH": ["H-YT", "H-VY"], "H-TY": ["H-YT", "H-VY"], "H-VY": ["H-YT", "H-VY"], "H-YT": ["H-YT", "TP-BG"],
        "TP-BG": ["TP-BG"]}, threshold="40")
    assert result_of(province, voting_round)[4] == [
        ("H-YT", 4, Decimal("80.00"), True, True), ("H-VY", 3, Decimal("60.00"), True, True),
        ("TP-BG", 2, Decimal("40.00"), True, False)]


def test_a_tie_at_the_quotas_edge_proposes_none_of_the_tied(province, settings):
    voting_round = cluster_ballots(province, settings, {
        "H-HH": ["H-YT", "H-VY"], "H-TY": ["H-YT", "TP-BG"], "H-VY": ["H-YT", "TP-BG"], "H-YT": ["H-VY", "TP-BG"],
        "TP-BG": ["H-YT", "H-VY"]})
    assert result_of(province, voting_round)[4] == [
        ("H-YT", 4, Decimal("80.00"), True, True), ("H-VY", 3, Decimal("60.00"), True, False),
        ("TP-BG", 3, Decimal("60.00"), True, False)]


# ── opening a round ─────────────────────────────────────────────────────────────────────────────────────────


def test_cluster_head_opens_a_round_in_its_cluster_and_it_is_audited(province):
    now = timezone.now()
    voting_round = services.round_create(
        by=province.user("hiephoa"), campaign=province.campaign(), cluster=province.cluster(CLUSTER_1),
        question="Bình xét Cờ thi đua", candidates=[province.unit_ids["H-YT"], province.unit_ids["H-TY"]],
        threshold_percent="70", quorum_percent="66.67", opens_at=now, closes_at=now + datetime.timedelta(days=1))
    assert (voting_round.electorate_size, voting_round.max_choices, voting_round.quorum_percent) == (
        5, 2, Decimal("66.67"))
    event = last_event("evaluation.round.created")
    assert (event.actor, event.target_id, event.data["candidates"], event.data["electorate"]) == (
        province.user("hiephoa"), voting_round.pk, [province.unit_ids["H-YT"], province.unit_ids["H-TY"]], 5)


@pytest.mark.parametrize(("username", "cluster", "electorate"), [
    ("yenthe", CLUSTER_1, Electorate.CLUSTER_UNITS),
    ("chutich", CLUSTER_1, Electorate.CLUSTER_UNITS),
    ("soyte", CLUSTER_1, Electorate.CLUSTER_UNITS),
    ("hiephoa", None, COUNCIL),
])
def test_others_cannot_open_a_round(province, username, cluster, electorate):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.round_create(
            by=province.user(username), campaign=province.campaign(),
            cluster=province.cluster(cluster) if cluster else None, question="Bình xét",
            candidates=[province.unit_ids["H-YT"]], threshold_percent="70", quorum_percent="50", opens_at=now,
            closes_at=now + datetime.timedelta(days=1), electorate=electorate)
    # The demo's closed flag vote of Khối kinh tế (the councils' meeting votes are not the campaign's).
    assert VotingRound.objects.filter(meeting__isnull=True).count() == 1


def test_candidate_outside_the_cluster_is_refused(province):
    with pytest.raises(ValidationError) as caught:
        open_round(province, candidates=["H-YT", "SYT"])
    assert list(caught.value.message_dict) == ["candidates"]


def test_round_closing_before_it_opens_is_refused(province):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        open_round(province, candidates=["H-YT"], opens_at=now, closes_at=now)
    assert list(caught.value.message_dict) == ["closes_at"]


@pytest.mark.parametrize(("threshold", "quorum", "field"), [("0", "50", "threshold_percent"),
                                                            ("100.01", "50", "threshold_percent"),
                                                            ("70", "-1", "quorum_percent")])
def test_percentages_out_of_range_are_refused(province, threshold, quorum, field):
    with pytest.raises(ValidationError) as caught:
        open_round(province, candidates=["H-YT"], threshold=threshold, quorum=quorum)
    assert list(caught.value.message_dict) == [field]


def test_council_round_electorate_is_the_council_members(province):
    council_members(province, 4)
    voting_round = open_round(province, candidates=["H-YT", "SYT"], cluster=None, electorate=COUNCIL)
    assert voting_round.electorate_size == 4


def test_ballot_is_audited_without_its_choices(province):
    voting_round = open_round(province, candidates=["H-YT", "H-TY"])
    services.ballot_cast(by=province.user("yenthe"), voting_round=voting_round, choices=[province.unit_ids["H-TY"]])
    event = last_event("evaluation.ballot.cast")
    assert (event.actor, event.target_id, event.data) == (province.user("yenthe"), voting_round.pk, {})
