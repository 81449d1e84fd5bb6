"""Indicators (chỉ tiêu) under a campaign's content areas, each unit's target for one, and its dated values.

A target's current value, completion and status are kept on the row so that dashboards aggregate them in SQL; they
are written only by ``services`` (through ``progress.evaluate``), never by ``save()``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.campaigns.models import CODE_VALIDATOR
from thidua.core.models import BaseModel

from .enums import Aggregation, Direction, EntrySource, Frequency, TargetApproval, TargetOrigin, TargetStatus

VALUE = {"max_digits": 18, "decimal_places": 4}
PERCENT = {"max_digits": 12, "decimal_places": 2}


class Indicator(BaseModel):
    """A measurable goal under one content area of a campaign's plan."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="indicators")
    content_area = models.ForeignKey(
        "campaigns.ContentArea", verbose_name=_("content area"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    aggregation = models.CharField(
        _("combining values over time"), max_length=10, choices=Aggregation.choices, default=Aggregation.LAST
    )
    frequency = models.CharField(
        _("reporting frequency"), max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    description = models.TextField(_("how it is measured"), blank=True)
    #: The plausible range of one value; progress entry and import refuse values outside it. A percentage
    #: indicator (unit of measure "%") is always held to 0–100, whatever these say.
    min_value = models.DecimalField(_("lowest plausible value"), null=True, blank=True, **VALUE)
    max_value = models.DecimalField(_("highest plausible value"), null=True, blank=True, **VALUE)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["campaign", "content_area__order", "code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Target(BaseModel):
    """One unit's goal for an indicator: from ``baseline`` (at ``baseline_on``) to ``target_value`` by ``due_on``.

    ``version`` grows with every change (a new value, a new goal); writers send the version they saw and get a
    conflict if it moved, so a stale copy never overwrites a newer one.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets")
    baseline = models.DecimalField(_("baseline"), **VALUE)
    baseline_on = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), **VALUE)
    due_on = models.DateField(_("due on"))
    origin = models.CharField(_("origin"), max_length=10, choices=TargetOrigin.choices, default=TargetOrigin.ASSIGNED)
    approval = models.CharField(
        _("approval"), max_length=10, choices=TargetApproval.choices, default=TargetApproval.APPROVED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    # Kept by the services from the current entries (see progress.evaluate).
    current_value = models.DecimalField(_("current value"), null=True, blank=True, **VALUE)
    last_period_end = models.DateField(_("latest period"), null=True, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    completion = models.DecimalField(_("completion (%)"), null=True, blank=True, **PERCENT)
    projected_value = models.DecimalField(_("projected value"), null=True, blank=True, **VALUE)
    status = models.CharField(
        _("status"), max_length=10, choices=TargetStatus.choices, default=TargetStatus.NO_DATA, db_index=True
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["indicator", "unit"], name="target_one_per_unit")]
        indexes = [models.Index(fields=["unit", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} – {self.unit.name}" if self.indicator_id and self.unit_id else "target"


def evidence_path(entry: "ProgressEntry", filename: str) -> str:
    return f"evidence/{entry.target_id}/{filename}"


class ProgressEntry(BaseModel):
    """A value for the period ending ``period_end``. Entries are never edited: a correction for the same period is
    a new entry, and the one it replaces stays with ``is_current`` false."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="entries")
    period_end = models.DateField(_("period ending"))
    value = models.DecimalField(_("value"), **VALUE)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=255)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=EntrySource.choices, default=EntrySource.FORM)
    is_current = models.BooleanField(default=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completion = models.DecimalField(_("completion (%)"), null=True, blank=True, **PERCENT)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["target", "period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period_end"], condition=Q(is_current=True), name="one_current_entry_per_period"
            )
        ]
        indexes = [models.Index(fields=["target", "is_current", "period_end"])]

    def __str__(self) -> str:
        return f"{self.period_end:%d/%m/%Y}: {self.value}"


class ProgressMonth(models.Model):
    """A rollup (``rollups``): the approved targets' current values of one content area whose period ends in one
    month, summed so that the whole campaign's trend reads a few hundred rows instead of every value ever entered.

    Kept by the services in the same transaction as the values they write; ``manage.py progress_rollups`` rebuilds
    them from the values, which they must always equal (tests)."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    content_area = models.ForeignKey("campaigns.ContentArea", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    #: values with a completion, the sum of their completions clamped to 0–100, and the targets they belong to
    valued = models.PositiveIntegerField(default=0)
    shown_sum = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    targets = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_area", "month"], name="progress_month_unique")]
        indexes = [models.Index(fields=["campaign", "month"])]

    def __str__(self) -> str:
        return f"{self.content_area_id} {self.month:%m/%Y}"
