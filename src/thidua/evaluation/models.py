"""Scoring schemes, score sheets per stage, and secret-ballot voting rounds.

Secrecy: a ballot's choices only ever increase the candidates' counters (``Candidate.votes``); the voter is
recorded in ``BallotCast`` (that they voted, to refuse a second ballot) without any choice. No table, field or API
response links a voter to a choice, and the counters carry no time or voter of their own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import BaseModel

from .enums import AwardQuota, CriterionKind, Electorate, PenaltyRule, SheetStatus, Stage, TieRule

POINTS = {"max_digits": 9, "decimal_places": 2}


class ScoringScheme(BaseModel):
    """A campaign's table of criteria (optionally for one cluster/block only), its bands and tie rule."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="scoring_schemes")
    cluster = models.ForeignKey("org.Cluster", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("cluster or block"))
    title = models.CharField(_("title"), max_length=300)
    #: [{"name": "Xuất sắc", "min": 900}, …] best first
    bands = models.JSONField(_("classification bands"), default=list, blank=True)
    tie_rule = models.CharField(_("tie rule"), max_length=30, choices=TieRule.choices,
                                default=TieRule.INDICATOR_THEN_LAUNCH)
    launch_deadline = models.ForeignKey(
        "campaigns.Deadline", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("launch document deadline"), help_text=_("Used to break ties: the earlier document first."),
    )
    opened_at = models.DateTimeField(_("evaluation opened"), null=True, blank=True)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        constraints = [
            models.UniqueConstraint(fields=["campaign"], condition=Q(cluster__isnull=True),
                                    name="one_scheme_per_campaign"),
            models.UniqueConstraint(fields=["campaign", "cluster"], name="one_scheme_per_cluster"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(BaseModel):
    """One line of the scheme. A group's points are its children's; a penalty's are at most zero."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    max_points = models.DecimalField(_("maximum points"), **POINTS,
                                     help_text=_("For a penalty: the most that can be deducted."))
    guidance = models.TextField(_("guidance"), blank=True)
    indicator = models.ForeignKey("indicators.Indicator", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    penalty_rule = models.CharField(max_length=30, choices=PenaltyRule.choices, blank=True)
    deadline = models.ForeignKey("campaigns.Deadline", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def min_points(self):
        from decimal import Decimal

        return -self.max_points if self.kind == CriterionKind.PENALTY else Decimal(0)


class ScoreSheet(BaseModel):
    """One unit's points at one stage. ``version`` grows with every save (409 on a stale one). A published sheet
    never changes: a correction is a new published sheet (``revision`` + 1) and the old one stays."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="score_sheets")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    revision = models.PositiveSmallIntegerField(_("published revision"), default=0)
    is_current = models.BooleanField(default=True)
    total = models.DecimalField(_("total"), default=0, **POINTS)
    indicator_points = models.DecimalField(_("indicator points"), default=0, **POINTS)
    return_reason = models.TextField(_("reason for the return"), blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["scheme", "unit", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit", "stage"], condition=Q(is_current=True),
                                    name="one_current_sheet_per_stage"),
        ]
        indexes = [models.Index(fields=["scheme", "stage", "is_current"])]

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_stage_display()}"


class ScoreEntry(BaseModel):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), **POINTS)
    explanation = models.TextField(_("explanation"), blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]


class VotingRound(BaseModel):
    """A secret-ballot vote (bình xét, suy tôn) among the cluster's members or the council's members."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="voting_rounds",
                                 null=True, blank=True)
    cluster = models.ForeignKey("org.Cluster", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("cluster or block"))
    #: A council meeting's vote on nominees (each candidate is a nominee with the threshold of its title).
    meeting = models.ForeignKey("awards.CouncilMeeting", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="rounds", verbose_name=_("council meeting"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True,
                                     help_text=_("Closed before its time: everyone voted, or the office closed it."))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    question = models.CharField(_("question"), max_length=500)
    electorate_kind = models.CharField(_("electorate"), max_length=20, choices=Electorate.choices)
    award = models.CharField(_("award and its quota"), max_length=20, choices=AwardQuota.choices,
                             default=AwardQuota.NONE)
    max_choices = models.PositiveSmallIntegerField(_("most candidates one ballot may choose"))
    threshold_percent = models.DecimalField(_("pass threshold (% of the electorate)"), max_digits=5, decimal_places=2)
    quorum_percent = models.DecimalField(_("quorum (% of the electorate)"), max_digits=5, decimal_places=2)
    electorate_size = models.PositiveIntegerField(_("electorate"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    #: For the minutes of the count (biên bản kiểm phiếu): where, who chaired, who wrote them, who counted.
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=200, blank=True)
    counting_board = models.TextField(_("vote-counting board"), blank=True,
                                      help_text=_("One member per line: name, then a comma and the role."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_opening"),
            models.CheckConstraint(condition=Q(threshold_percent__gt=0, threshold_percent__lte=100),
                                   name="round_threshold_range"),
            models.CheckConstraint(condition=Q(quorum_percent__gte=0, quorum_percent__lte=100),
                                   name="round_quorum_range"),
            models.CheckConstraint(condition=Q(campaign__isnull=False) | Q(meeting__isnull=False),
                                   name="round_has_campaign_or_meeting"),
        ]

    def __str__(self) -> str:
        return self.question


class Candidate(models.Model):
    """A unit (or, in a council meeting, a nominee) on the ballot and the number of ballots that chose it (a
    counter: no row per ballot, no time). A nominee carries the threshold of its title under the regime."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    nomination_item = models.ForeignKey("awards.NominationItem", null=True, blank=True, on_delete=models.CASCADE,
                                        related_name="council_candidacies")
    threshold_percent = models.DecimalField(_("pass threshold (percent of all members)"), max_digits=5,
                                            decimal_places=2, null=True, blank=True)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="candidate_once_per_round"),
            models.UniqueConstraint(fields=["round", "nomination_item"], name="nominee_once_per_round"),
            models.CheckConstraint(condition=Q(unit__isnull=False) | Q(nomination_item__isnull=False),
                                   name="candidate_is_unit_or_nominee"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id or self.nomination_item_id} in round {self.round_id}"


class BallotCast(models.Model):
    """That a voter (a member unit, or a council member) has voted in a round — never what they chose."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="ballots_cast")
    voter_unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    voter_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("ballot cast")
        verbose_name_plural = _("ballots cast")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter_unit"], name="one_ballot_per_unit"),
            models.UniqueConstraint(fields=["round", "voter_user"], name="one_ballot_per_member"),
            models.CheckConstraint(condition=Q(voter_unit__isnull=False) | Q(voter_user__isnull=False),
                                   name="ballot_cast_has_a_voter"),
        ]

    def __str__(self) -> str:
        return f"ballot cast in round {self.round_id}"
