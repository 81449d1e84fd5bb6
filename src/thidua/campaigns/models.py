import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.models import BaseModel

from .enums import CampaignKind, CampaignStatus, ReceiptDecision, RecipientKind, SubmissionStatus

#: Codes go into file names and URLs: letters, digits, dot, dash and underscore only.
CODE_VALIDATOR = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("Use letters, digits, “.”, “-” or “_” only."))


class Campaign(BaseModel):
    """A drive or movement launched by a plan (Kế hoạch). The plan's fields live here, one plan per campaign.

    Fields the plan leaves blank (the seed has no number and no day) stay blank: nothing is invented.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=500)
    theme = models.TextField(_("theme"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.REGULAR)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year whose clusters and blocks take part."))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    plan_number = models.CharField(_("plan number"), max_length=20, blank=True)
    plan_symbol = models.CharField(_("plan symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    place = models.CharField(_("place of issue"), max_length=120, blank=True)
    issuer = models.ForeignKey(
        "org.Unit", verbose_name=_("issuing body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    implementation = models.TextField(_("organisation of implementation"), blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_valid_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def plan_reference(self) -> str:
        """"Số: /KH-UBND" as printed: the number may be blank."""
        return f"{self.plan_number}/{self.plan_symbol}" if self.plan_symbol else self.plan_number


class ContentArea(BaseModel):
    """One numbered item of the plan's content (nội dung thi đua)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contents")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="content_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Deadline(BaseModel):
    """What must be sent, by whom, to whom, by when. ``due_on`` means before the end of that day, local time."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deadlines")
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("what is sent"), blank=True)
    due_on = models.DateField(_("due on"))
    only_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="+", verbose_name=_("only these units"),
        help_text=_("Leave empty for every participant of the campaign."),
    )

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="deadline_code_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"

    def is_late(self, at: datetime.datetime) -> bool:
        """Late means after the end of the due date in the project's time zone (Asia/Ho_Chi_Minh)."""
        return timezone.localtime(at).date() > self.due_on


class Recipient(BaseModel):
    """One addressee of a deadline: the sender's cluster/block head, the council office, or a named unit."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("kind"), max_length=20, choices=RecipientKind.choices)
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=RecipientKind.UNIT) & Q(unit__isnull=False))
                | (~Q(kind=RecipientKind.UNIT) & Q(unit__isnull=True)),
                name="recipient_unit_only_for_named",
            ),
            models.UniqueConstraint(fields=["deadline", "kind", "unit"], name="recipient_unique"),
        ]

    def __str__(self) -> str:
        return self.unit.name if self.unit_id else self.get_kind_display()


class Participation(BaseModel):
    """A unit, or a whole cluster/block, takes part in a campaign. Exactly one of the two is set."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey("org.Cluster", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(cluster__isnull=True))
                | (Q(unit__isnull=True) & Q(cluster__isnull=False)),
                name="participation_unit_xor_cluster",
            ),
            models.UniqueConstraint(fields=["campaign", "unit"], name="participation_unit_unique"),
            models.UniqueConstraint(fields=["campaign", "cluster"], name="participation_cluster_unique"),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.cluster)


class DistributionEntry(BaseModel):
    """One line of the plan's "Nơi nhận" list, with why it is sent (b/c = to report, …)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="distribution")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("recipient"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("indent level"), default=0)

    class Meta:
        verbose_name = _("distribution entry")
        verbose_name_plural = _("distribution list")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="distribution_order_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.purpose})" if self.purpose else self.name


class Submission(BaseModel):
    """One unit's answer to one deadline: the thread of its versions. ``status`` follows the latest version's
    receipts (moved only by the services in ``campaigns.submissions``); ``late`` is the first version's lateness.
    """

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices)
    latest_version = models.PositiveIntegerField(_("latest version"), default=1)
    first_submitted_at = models.DateTimeField(_("first submitted at"))
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["deadline", "unit"], name="submission_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.deadline}"


def _version_file_name(instance: "SubmissionVersion", filename: str) -> str:
    """A generated name: the original name is kept in ``original_name`` and never reaches the storage."""
    import uuid

    return f"submissions/{instance.submission.deadline_id}/{uuid.uuid4().hex}.{instance.extension}"


class SubmissionVersion(BaseModel):
    """One sent document. Versions are never changed or deleted: a resubmission is a new version."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    document_number = models.CharField(_("number and symbol"), max_length=100)
    document_date = models.DateField(_("document date"))
    signer = models.CharField(_("signer"), max_length=120)
    summary = models.CharField(_("summary (trích yếu)"), max_length=500)
    file = models.FileField(_("file"), upload_to=_version_file_name, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class Receipt(BaseModel):
    """One recipient's decision on one version: accept, or return with a reason."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="receipts")
    recipient = models.ForeignKey(Recipient, verbose_name=_("recipient"), on_delete=models.PROTECT,
                                  related_name="receipts")
    #: The unit that received it: the sender's cluster head that year, or the named unit; empty for the office.
    recipient_unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=ReceiptDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "recipient"], name="receipt_one_per_recipient"),
            models.CheckConstraint(condition=~Q(decision="return") | ~Q(reason=""), name="receipt_return_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_decision_display()}"


class Reminder(models.Model):
    """That the clerks of ``unit`` were reminded about ``deadline`` at ``offset_days`` from its due date.

    The unique row is what makes ``thidua remind`` idempotent: a second run finds it and sends nothing.
    """

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    offset_days = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "unit", "offset_days"], name="reminder_once_per_offset")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.deadline} ({self.offset_days:+d})"
