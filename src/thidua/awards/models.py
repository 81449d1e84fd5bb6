"""Commendations: the catalog of titles and forms with their eligibility rules, the facts rules read (ratings,
initiatives, discipline, collectives' yearly figures), nomination dossiers and their appraisal, decisions and the
registry of awards."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.models import BaseModel

from .enums import (
    AttachmentKind,
    AwardKind,
    AwardLevel,
    AwardStatus,
    CommendationKind,
    CouncilRole,
    DecidedBy,
    DecisionStatus,
    DisciplineMeasure,
    InitiativeKind,
    InquiryKind,
    NominationStatus,
    Rating,
    Recipient,
    RegimeScope,
    Route,
    RuleKind,
    RuleOperator,
    StepKind,
)


class DeclaredFact(models.Model):
    """A fact a rule reads: declared by whoever records it, confirmed when the office (or the unit's head) has
    checked it; a verdict says when it rests on facts not yet confirmed."""

    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        abstract = True


class LegalRegime(BaseModel):
    """A body of law in force for a period: the law with its decree (national), or a province's regulation laid
    on top of whichever national regime is in force. Rules, coefficients and citations belong to a regime."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    scope = models.CharField(_("scope"), max_length=10, choices=RegimeScope.choices, default=RegimeScope.NATIONAL)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    decision_reference = models.CharField(_("issued by decision"), max_length=255, blank=True)
    texts = models.JSONField(_("texts"), default=list, blank=True,
                             help_text=_("The texts of the regime: [{\"reference\": …, \"title\": …}]."))
    active = models.BooleanField(_("in use"), default=True)
    council_quorum = models.CharField(
        _("council quorum (share of members present)"), max_length=10, blank=True,
        help_text=_("A fraction, e.g. 2/3; empty: the regime sets none."))
    council_attendance_percent = models.DecimalField(
        _("attendance when commendations are considered (percent of members, written opinions counted)"),
        max_digits=5, decimal_places=2, null=True, blank=True)
    appraisal_working_days = models.PositiveSmallIntegerField(
        _("appraisal time limit (working days)"), null=True, blank=True)
    consultation_working_days = models.PositiveSmallIntegerField(
        _("added when consultations are needed (working days)"), null=True, blank=True)
    incomplete_return_working_days = models.PositiveSmallIntegerField(
        _("time to return an incomplete dossier (working days)"), null=True, blank=True)
    procedure_basis = models.CharField(_("procedure: legal basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")
        ordering = ["scope", "valid_from", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                                   | Q(valid_to__gte=models.F("valid_from")), name="regime_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class AwardType(BaseModel):
    """One emulation title or commendation form of the catalog, for one kind of recipient."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel.choices)
    recipient = models.CharField(pgettext_lazy("award", "recipient"), max_length=12, choices=Recipient.choices)
    issuing_authority = models.CharField(_("issuing authority"), max_length=255)
    legal_basis = models.TextField(_("legal basis"))
    money_coefficient = models.DecimalField(_("money coefficient (× base salary)"), max_digits=6, decimal_places=2)
    certificate_heading = models.CharField(_("heading printed on the certificate"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("title or form")
        verbose_name_plural = _("titles and forms")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AwardTerms(BaseModel):
    """What a regime says of an award type: whether it exists then, its legal basis, who decides it and its money
    coefficient (× the base salary)."""

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="terms")
    regime = models.ForeignKey(LegalRegime, on_delete=models.CASCADE, related_name="terms")
    legal_basis = models.TextField(_("legal basis"))
    decided_by = models.CharField(_("decided by"), max_length=10, choices=DecidedBy.choices)
    money_coefficient = models.DecimalField(_("money coefficient (× base salary)"), max_digits=6, decimal_places=2,
                                            null=True, blank=True)
    money_basis = models.CharField(_("money: legal basis"), max_length=500, blank=True)
    route = models.CharField(_("route"), max_length=10, choices=Route.choices, default=Route.CHAIRMAN)
    vote_threshold_percent = models.DecimalField(
        _("council vote: share of all members needed (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Empty: no secret vote of the council is needed for this title or form."))
    vote_basis = models.CharField(_("vote: legal basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("terms of a title or form under a regime")
        verbose_name_plural = _("terms of titles and forms under regimes")
        ordering = ["regime", "award_type"]
        constraints = [models.UniqueConstraint(fields=["award_type", "regime"], name="one_terms_per_type_regime")]

    def __str__(self) -> str:
        return f"{self.award_type_id} @ {self.regime_id}"


class EligibilityRule(BaseModel):
    """One node of an award type's condition under a regime: a group (``operator`` all/any/not over its children)
    or a leaf check (``kind`` with its numbers in ``params``), each citing its legal basis (see ``eligibility``).

    A province's regime refines the national one: its rule with the ``code`` of a national rule replaces that
    rule's parameters and citation; a rule with a new code is one more condition at the top."""

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="rules")
    regime = models.ForeignKey(LegalRegime, on_delete=models.CASCADE, related_name="rules", null=True, blank=True)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, related_name="children", null=True, blank=True)
    code = models.SlugField(_("code"), max_length=60, blank=True)
    operator = models.CharField(_("operator"), max_length=3, choices=RuleOperator.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices, blank=True)
    label = models.CharField(_("label"), max_length=300, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["award_type", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=(Q(operator="") & ~Q(kind="")) | (~Q(operator="") & Q(kind="")),
                                   name="rule_is_group_or_check"),
        ]

    def __str__(self) -> str:
        what = self.get_operator_display() if self.operator else self.get_kind_display()
        return f"{self.award_type.code}: {what}"


class Inquiry(BaseModel, DeclaredFact):
    """A disciplinary consideration, inspection, complaint or investigation concerning a person or a collective;
    while open (not yet concluded) nobody proposes a commendation for them (Nghị định 152/2025/NĐ-CP, Điều 4)."""

    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="inquiries")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="inquiries")
    kind = models.CharField(_("kind"), max_length=15, choices=InquiryKind.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("concluded on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("pending matter")
        verbose_name_plural = _("pending matters")
        ordering = ["-opened_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(unit__isnull=False),
                                   name="inquiry_has_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.opened_on}"


class PersonRating(BaseModel, DeclaredFact):
    """A person's yearly rating (xếp loại), given by the unit the person worked in that year."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="ratings")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=15, choices=Rating.choices)

    class Meta:
        verbose_name = _("yearly rating")
        verbose_name_plural = _("yearly ratings")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_rating_per_person_year")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.rating}"


class Initiative(BaseModel, DeclaredFact):
    """A recognised initiative (sáng kiến) of a person, with the level at which it was recognised."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="initiatives")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel.choices)
    recognition_reference = models.CharField(_("recognised by"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title


class Discipline(BaseModel, DeclaredFact):
    """A disciplinary measure against a person in a year."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="disciplines")
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("measure"), max_length=20, choices=DisciplineMeasure.choices)
    decision_reference = models.CharField(_("decision"), max_length=255, blank=True)
    ends_on = models.DateField(_("in effect until"), null=True, blank=True,
                               help_text=_("The end of the discipline's period; empty: the end of its year."))

    class Meta:
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.measure}"


class UnitYear(BaseModel, DeclaredFact):
    """A collective's figures for a year: members, members who completed their tasks, advanced workers (LĐTT),
    its rating and the heaviest disciplinary measure against a member (empty when none)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="year_records")
    year = models.PositiveSmallIntegerField(_("year"))
    member_count = models.PositiveIntegerField(_("members"))
    members_completed = models.PositiveIntegerField(_("members who completed their tasks"))
    advanced_workers = models.PositiveIntegerField(_("advanced workers (LĐTT)"))
    rating = models.CharField(_("rating"), max_length=15, choices=Rating.choices, blank=True)
    worst_discipline = models.CharField(_("heaviest discipline of a member"), max_length=20,
                                        choices=DisciplineMeasure.choices, blank=True)
    exceeded_targets = models.BooleanField(_("exceeded its targets"), null=True, blank=True)

    class Meta:
        verbose_name = _("collective's year")
        verbose_name_plural = _("collectives' years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_record_per_unit_year"),
            models.CheckConstraint(condition=Q(members_completed__lte=models.F("member_count"))
                                   & Q(advanced_workers__lte=models.F("member_count")),
                                   name="unit_year_counts_within_members"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"


class Nomination(BaseModel):
    """A dossier proposing commendations (hồ sơ đề nghị khen thưởng), from a unit to the council office."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("proposing unit"), on_delete=models.PROTECT,
                             related_name="nominations")
    year = models.PositiveSmallIntegerField(_("year"))
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="nominations")
    kind = models.CharField(_("kind of commendation"), max_length=12, choices=CommendationKind.choices)
    status = models.CharField(_("status"), max_length=15, choices=NominationStatus.choices,
                              default=NominationStatus.DRAFT, db_index=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    appraisal_due_on = models.DateField(_("appraisal due on"), null=True, blank=True, db_index=True)
    appraised_on = models.DateField(_("appraised on"), null=True, blank=True)
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("appraiser"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    return_reason = models.TextField(_("reason for return"), blank=True)
    council_round = models.ForeignKey("evaluation.VotingRound", verbose_name=_("council vote"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    council_reference = models.CharField(_("council conclusion"), max_length=500, blank=True)
    route = models.CharField(_("route"), max_length=10, choices=Route.choices, blank=True)
    completeness_due_on = models.DateField(_("to be returned if incomplete by"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nomination dossier")
        verbose_name_plural = _("nomination dossiers")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class NominationItem(BaseModel):
    """One nominee of a dossier: a person or a unit, the title or form asked for, and the appraisal's verdict."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="items")
    award_type = models.ForeignKey(AwardType, verbose_name=_("title or form"), on_delete=models.PROTECT,
                                   related_name="+")
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text=_("The collective nominated, or the unit a person is nominated in."))
    achievement = models.TextField(_("achievement summary"))
    print_text = models.CharField(_("text to print"), max_length=1000)
    eligibility = models.JSONField(_("last eligibility check"), default=list, blank=True)
    eligible_by_rules = models.BooleanField(null=True, blank=True)
    eligibility_regime = models.CharField(_("regime of the last check"), max_length=500, blank=True)
    appraisal_eligible = models.BooleanField(_("eligible (appraisal)"), null=True, blank=True)
    appraisal_reason = models.TextField(_("appraisal reason"), blank=True)
    appraisal_justification = models.TextField(_("justification against the rules"), blank=True)
    council_passed = models.BooleanField(_("passed the council's vote"), null=True, blank=True)
    council_votes = models.CharField(_("council's vote"), max_length=200, blank=True)
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="items",
                                 help_text=_("The decision prepared for this nominee, before it is issued."))

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["nomination", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(unit__isnull=False),
                                   name="item_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type_id}: {self.person_id or self.unit_id}"


class NominationAttachment(BaseModel):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="nominations/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class Decision(BaseModel):
    """A decision (quyết định khen thưởng) granting approved items: prepared by the office (or the unit's staff),
    signed by the Chairman, an authorised Vice-Chairman or the unit's head, then issued with its number from the
    issuer's book; only then do its awards enter the registry. A decision signed on paper is recorded with its
    scan, issued as it is recorded."""

    number = models.CharField(_("number"), max_length=20, blank=True)
    symbol = models.CharField(_("symbol"), max_length=60)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=255)
    issuer_unit = models.ForeignKey("org.Unit", verbose_name=_("issuer"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="decisions",
                                    help_text=_("The unit whose head decides; empty: the province."))
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.ISSUED, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    sent_back_note = models.TextField(_("note of the signer"), blank=True)
    scan = models.FileField(_("scan of the signed paper"), upload_to="decisions/%Y/", max_length=255, blank=True)
    #: The proposal the decision answers (Tờ trình of the council office, or of the unit's council).
    proposal_number = models.CharField(_("proposal (tờ trình) number and symbol"), max_length=60, blank=True)
    proposal_on = models.DateField(_("proposal dated"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["number", "symbol", "signed_on"], condition=~Q(number=""),
                                               name="decision_unique_ref")]

    def __str__(self) -> str:
        return f"{self.number}/{self.symbol}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}"


class Award(BaseModel):
    """One award in the registry. Revoking keeps the row (status revoked, with the reason)."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="awards",
                             help_text=_("The collective awarded, or the unit of the person awarded."))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of commendation"), max_length=12, choices=CommendationKind.choices,
                            default=CommendationKind.MERIT)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    decision_reference = models.CharField(_("decision"), max_length=255, blank=True)
    nomination_item = models.OneToOneField(NominationItem, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="award")
    recipient_name = models.CharField(pgettext_lazy("award", "recipient"), max_length=255)
    print_text = models.CharField(_("text to print"), max_length=1000, blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["year", "award_type"]),
            # The registry's order (newest first): lookups stop after one page (migration 0003).
            models.Index(fields=["year", "id"], name="award_registry_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(unit__isnull=False),
                                   name="award_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type_id} {self.year}: {self.recipient_name}"


class AwardCount(models.Model):
    """A tally (``tallies``): the awards of one year, title or form and status, by persons and collectives, so
    that the registry's statistics for the whole province read a few hundred rows instead of every award. Kept by
    the award writers in their transaction; ``manage.py award_tallies`` rebuilds them."""

    year = models.PositiveSmallIntegerField()
    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=AwardStatus.choices)
    persons = models.PositiveIntegerField(default=0)
    collectives = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "award_type", "status"], name="award_count_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.award_type_id} {self.status}"


class AwardUnitCount(models.Model):
    """The same tally by the awardee's unit (none for a person's award with no unit) and year."""

    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=AwardStatus.choices)
    persons = models.PositiveIntegerField(default=0)
    collectives = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.status}"


class Council(BaseModel):
    """An emulation and commendation council (Hội đồng Thi đua – Khen thưởng): the province's (its unit is the
    provincial People's Committee) or a unit's own."""

    unit = models.OneToOneField("org.Unit", on_delete=models.PROTECT, related_name="council")
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name


class CouncilMember(BaseModel):
    """A member of a council, with a login to vote (a member without one takes part on paper)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="council_seats")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    active = models.BooleanField(_("serving"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="one_seat_per_user")]

    def __str__(self) -> str:
        return self.full_name


class CouncilMeeting(BaseModel):
    """A meeting of a council: who chaired, who took the minutes, who was present and who sent a written opinion,
    and whether the regime's quorum was met. A meeting held outside the system carries its minutes."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255)
    chair = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("chair"))
    secretary = models.ForeignKey(CouncilMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("secretary"))
    present = models.ManyToManyField(CouncilMember, related_name="meetings_attended", blank=True)
    written_opinions = models.ManyToManyField(CouncilMember, related_name="meetings_by_letter", blank=True)
    member_count = models.PositiveSmallIntegerField(_("members of the council"))
    quorum_met = models.BooleanField(_("quorum met"))
    quorum_explanation = models.CharField(_("quorum"), max_length=500, blank=True)
    started_at = models.TimeField(_("begun at"), null=True, blank=True)
    ended_at = models.TimeField(_("ended at"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    outside_system = models.BooleanField(_("held outside the system"), default=False)
    minutes = models.FileField(_("minutes"), upload_to="council/%Y/", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.council} {self.held_on}"


class Signatory(BaseModel):
    """Who signs an issuer's decisions: the Chairman (principal), or a Vice-Chairman he has authorised (ký thay).
    A unit's head signs the unit's own decisions without a row here."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="signatories")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signatures")
    title = models.CharField(_("title printed above the signature"), max_length=120)
    principal = models.BooleanField(_("signs in his own name"), default=True,
                                    help_text=_("Off: signs on behalf of the principal (KT.)."))
    authorised_by = models.CharField(_("authorised by"), max_length=255, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="one_signatory_per_unit_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.title})"


class RouteStep(BaseModel):
    """A document on a proposal's way to the centre: the Party standing committee's opinion, a consultation, the
    province's submission, the centre's decision."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    reference = models.CharField(_("document"), max_length=255)
    dated_on = models.DateField(_("dated"))
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("step towards the centre")
        verbose_name_plural = _("steps towards the centre")
        ordering = ["nomination", "dated_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class DossierDue(BaseModel):
    """The day by which units send a year's dossiers on a route (the province's procedure); later ones are
    flagged late."""

    year = models.PositiveSmallIntegerField(_("year"))
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    due_on = models.DateField(_("to be sent by"))
    basis = models.CharField(_("set by"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("date for sending dossiers")
        verbose_name_plural = _("dates for sending dossiers")
        ordering = ["-year", "route"]
        constraints = [models.UniqueConstraint(fields=["year", "route"], name="one_due_date_per_year_route")]

    def __str__(self) -> str:
        return f"{self.year} {self.route} {self.due_on}"


class CertificateLayout(BaseModel):
    """Where each variable line of a certificate prints on the official pre-printed blank of an award type, in
    millimetres from the top-left corner of the sheet, saved by the council office."""

    award_type = models.OneToOneField(AwardType, on_delete=models.CASCADE, related_name="certificate_layout")
    positions = models.JSONField(_("positions (mm)"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("certificate layout on the blank")
        verbose_name_plural = _("certificate layouts on the blank")

    def __str__(self) -> str:
        return str(self.award_type)
