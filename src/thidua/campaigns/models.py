from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import BaseModel

from .enums import CampaignKind, CampaignStatus, RecipientKind


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
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("what is sent"), blank=True)
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="deadline_code_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"


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
