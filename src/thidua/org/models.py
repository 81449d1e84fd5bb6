import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.models import BaseModel

from .enums import ClusterKind, LineageKind, UnitKind


class Unit(BaseModel):
    """An organisation that takes part in emulation work, valid over a span of dates.

    A unit is never deleted when it merges, splits or is renamed: it gets ``valid_to`` and a lineage row, so
    awards and consecutive-year counts can follow it to its successor.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    #: The abbreviation in the ký hiệu of its documents ("SYT" in "QĐ-SYT", "UBND" in "QĐ-UBND").
    symbol = models.CharField(_("abbreviation in document symbols"), max_length=20, blank=True)
    #: The text that gives its head the competence to decide (a unit head's decisions cite it first).
    competence_basis = models.CharField(
        _("text conferring its competence"), max_length=500, blank=True,
        help_text=_("As a decision cites it after \"Căn cứ\", e.g. Quyết định số 12/2021/QĐ-UBND ngày … quy định "
                    "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Y tế."))
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class UnitLineage(BaseModel):
    """``source`` merged into, split from or was renamed to ``target`` on ``effective_on``."""

    kind = models.CharField(_("kind"), max_length=10, choices=LineageKind.choices)
    source = models.ForeignKey(Unit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="successions")
    target = models.ForeignKey(Unit, verbose_name=_("to unit"), on_delete=models.PROTECT, related_name="predecessions")
    effective_on = models.DateField(_("effective on"))
    decision_reference = models.CharField(_("decision reference"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source", "target"], name="lineage_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="lineage_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.get_kind_display()}, {self.effective_on:%d/%m/%Y})"


class Cluster(BaseModel):
    """A cluster (localities) or block (sectors) of units for one year, with its rotating head and deputy."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=ClusterKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    head_unit = models.ForeignKey(
        Unit, verbose_name=_("head unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy_unit = models.ForeignKey(
        Unit, verbose_name=_("deputy unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(Unit, through="ClusterMembership", related_name="clusters")

    class Meta:
        verbose_name = _("cluster or block")
        verbose_name_plural = _("clusters and blocks")
        ordering = ["-year", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="cluster_unique_name_per_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ClusterMembership(BaseModel):
    """A unit belongs to at most one cluster or block in a given year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_cluster_per_unit_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} ∈ {self.cluster}"


class Person(BaseModel):
    """One record per person, kept across dossiers, units and years.

    The national ID and civil-servant code are optional, but each is unique when given.
    """

    full_name = models.CharField(_("full name"), max_length=255)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    national_id = models.CharField(_("national ID"), max_length=20, null=True, blank=True, unique=True)
    civil_servant_code = models.CharField(_("civil-servant code"), max_length=30, null=True, blank=True, unique=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class Employment(BaseModel):
    """A person's position in a unit over a span of dates; open-ended while current."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employments")
    position = models.CharField(_("position"), max_length=255, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="employment_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position} ({self.unit})"
