"""Reads for deadlines, submissions and receipts, scoped to the user.

Who sees a unit's submission: the council office and the leadership (every unit), the unit's own staff, the
staff of the head and deputy units of its cluster/block that year, and named recipient units. A cluster head's
(or deputy's) overview lists the members of the clusters it leads in the campaign's year.
Anything else is a 404, as if it did not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.core.text import fold
from thidua.org.models import Cluster, ClusterMembership

from ..enums import MISSING, RecipientKind
from ..models import Deadline, Receipt, Recipient, Submission, SubmissionVersion
from .plan import campaign_list, campaign_participants


def deadline_participants(deadline: Deadline):
    """The participants that must answer this deadline: its chosen subset, or every participant of the campaign."""
    participants = campaign_participants(campaign=deadline.campaign)
    chosen = set(deadline.only_units.values_list("id", flat=True))
    return [p for p in participants if p.unit_id in chosen] if chosen else participants


def deadline_participant_ids(deadline: Deadline) -> set[int]:
    return {p.unit_id for p in deadline_participants(deadline)}


def deadline_get(*, user, deadline_id: int) -> Deadline:
    """A deadline of a campaign the user may see."""
    deadline = (
        Deadline.objects.filter(pk=deadline_id, campaign__in=campaign_list(user=user))
        .select_related("campaign")
        .prefetch_related(Prefetch("recipients", queryset=Recipient.objects.select_related("unit").order_by("id")))
        .first()
    )
    if deadline is None:
        raise Http404
    return deadline


@dataclass(frozen=True)
class ReceiptView:
    recipient_id: int
    kind: str
    label: str  # the receiving unit's name, or the recipient's label
    decision: str  # "" while pending
    reason: str
    at: datetime.datetime | None
    applies: bool = True  # False: no cluster head for this sender that year, so no receipt is expected


@dataclass
class OverviewRow:
    unit_id: int
    unit_name: str
    sort_key: str
    cluster_id: int | None
    cluster_name: str
    status: str
    late: bool  # its first version was sent after the due date
    submission_id: int | None
    version: int
    document_number: str
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    receipts: list[ReceiptView] = field(default_factory=list)
    overdue: bool = False  # the due date has passed and the unit has no accepted document

    @property
    def return_reason(self) -> str:
        return "; ".join(r.reason for r in self.receipts if r.decision == "return")


def overview_counts(rows: list[OverviewRow]) -> dict[str, int]:
    """The overview's figures. ``late``: every unit past the due date without an accepted document, split into
    ``late_not_sent`` (nothing sent), ``late_sent_late`` (sent after the due date, not accepted yet) and
    ``late_waiting`` (sent on time, but still waiting for a recipient or returned); ``sent_late``: every unit whose
    document came after the due date, accepted or not."""
    counts = {"total": len(rows), MISSING: 0, "submitted": 0, "accepted": 0, "returned": 0, "late": 0,
              "late_not_sent": 0, "late_sent_late": 0, "late_waiting": 0, "sent_late": 0}
    for row in rows:
        counts[row.status] += 1
        counts["sent_late"] += row.late
        if row.overdue:
            counts["late"] += 1
            key = "late_not_sent" if row.status == MISSING else "late_sent_late" if row.late else "late_waiting"
            counts[key] += 1
    return counts


@dataclass
class Overview:
    deadline: Deadline
    rows: list[OverviewRow]
    scope: str  # "all" | "clusters" | "own"
    #: Figures of every row the user may see under the search and cluster filter, before the status and lateness
    #: filters narrow the list: the tiles of the page stay the same while the list shows one of them.
    counts: dict[str, int] = field(default_factory=dict)


def overview_scope(*, user, deadline: Deadline) -> tuple[str, set[int] | None]:
    """("all", None) for the office, the leadership and a named recipient unit; ("clusters", ids) for a cluster
    head or deputy when the deadline goes to cluster heads (its members and its own units); ("own", ids) for a
    unit's staff; ("own", ∅) for anyone else."""
    access = access_of(user)
    if access.sees_everything:
        return "all", None
    staff = access.staff_unit_ids
    kinds = {(r.kind, r.unit_id) for r in deadline.recipients.all()}
    if any(kind == RecipientKind.UNIT and unit_id in staff for kind, unit_id in kinds):
        return "all", None  # a named recipient unit receives from every participant
    if (RecipientKind.CLUSTER_HEAD, None) in kinds:
        year = deadline.campaign.year
        led = Cluster.objects.filter(year=year, head_unit_id__in=staff) | Cluster.objects.filter(
            year=year, deputy_unit_id__in=staff)
        members = set(ClusterMembership.objects.filter(cluster__in=led).values_list("unit_id", flat=True))
        if members:
            return "clusters", members | set(staff)
    return "own", set(staff)


def deadline_overview(
    *, user, deadline: Deadline, q: str = "", status: str = "", late: bool | None = None,
    cluster_id: int | None = None, now: datetime.datetime | None = None,
) -> Overview:
    """One row per participating unit the user may see, in a fixed number of queries whatever the unit count.
    ``late`` keeps the units past the due date without an accepted document (or, False, the others)."""
    past_due = deadline.is_late(now or timezone.now())
    scope, visible = overview_scope(user=user, deadline=deadline)
    participants = deadline_participants(deadline)
    if visible is not None:
        participants = [p for p in participants if p.unit_id in visible]
    folded = fold(q)
    if folded:
        participants = [p for p in participants if all(word in p.sort_key for word in folded.split(" "))]
    if cluster_id:
        participants = [p for p in participants if p.cluster_id == cluster_id]
    clusters = {c.pk: c for c in Cluster.objects.filter(pk__in={p.cluster_id for p in participants if p.cluster_id})
                .select_related("head_unit", "deputy_unit")}
    recipients = list(deadline.recipients.all())
    # Plain tuples, not model instances: a province's overview holds about a thousand of each.
    submission_rows = Submission.objects.filter(deadline=deadline)
    if visible is not None:
        submission_rows = submission_rows.filter(unit_id__in=visible)
    submissions = {
        row[1]: row for row in submission_rows.values_list("id", "unit_id", "status", "late", "first_submitted_at")
    }
    versions = {
        row[1]: row
        for row in SubmissionVersion.objects.filter(
            submission_id__in=[row[0] for row in submissions.values()], number=F("submission__latest_version")
        ).values_list("id", "submission_id", "number", "document_number", "submitted_at")
    }
    receipts = {
        (row[0], row[1]): row
        for row in Receipt.objects.filter(version_id__in=[row[0] for row in versions.values()]).values_list(
            "version_id", "recipient_id", "decision", "reason", "decided_at")
    }
    labels = {r.pk: str(r) if r.kind != RecipientKind.UNIT else r.unit.name for r in recipients}
    rows = []
    for p in participants:
        cluster = clusters.get(p.cluster_id) if p.cluster_id else None
        submission = submissions.get(p.unit_id)
        version = versions.get(submission[0]) if submission else None
        cells = []
        for recipient in recipients:
            label, applies = labels[recipient.pk], True
            if recipient.kind == RecipientKind.CLUSTER_HEAD:
                head = None
                if cluster is not None:
                    head = cluster.head_unit if cluster.head_unit_id != p.unit_id else cluster.deputy_unit
                label, applies = (head.name, True) if head is not None else (label, False)
            receipt = receipts.get((version[0], recipient.pk)) if version else None
            cells.append(ReceiptView(recipient.pk, recipient.kind, label, receipt[2] if receipt else "",
                                     receipt[3] if receipt else "", receipt[4] if receipt else None, applies))
        rows.append(OverviewRow(
            unit_id=p.unit_id, unit_name=p.unit_name, sort_key=p.sort_key, cluster_id=p.cluster_id,
            cluster_name=cluster.name if cluster else "", status=submission[2] if submission else MISSING,
            late=bool(submission and submission[3]), submission_id=submission[0] if submission else None,
            version=version[2] if version else 0, document_number=version[3] if version else "",
            first_submitted_at=submission[4] if submission else None,
            submitted_at=version[4] if version else None, receipts=cells,
            overdue=past_due and (submission[2] if submission else MISSING) != "accepted",
        ))
    counts = overview_counts(rows)
    if status:
        rows = [r for r in rows if r.status == status]
    if late is not None:
        rows = [r for r in rows if r.overdue == late]
    rows.sort(key=lambda r: (r.cluster_name == "", r.cluster_name, r.sort_key))
    return Overview(deadline=deadline, rows=rows, scope=scope, counts=counts)


def submissions_visible(*, user) -> QuerySet[Submission]:
    """Submissions the user may open (see the module docstring)."""
    access = access_of(user)
    visible_campaigns = campaign_list(user=user)
    submissions = Submission.objects.filter(deadline__campaign__in=visible_campaigns)
    if access.sees_everything:
        return submissions
    staff = access.staff_unit_ids
    own = submissions.filter(unit_id__in=staff)
    # The head and the deputy of the sender's cluster that year follow its members' documents (the head
    # receives them; the deputy receives the head's own, and stands in for the head).
    as_head = submissions.filter(
        deadline__recipients__kind=RecipientKind.CLUSTER_HEAD,
        unit__memberships__year=F("deadline__campaign__year"),
        unit__memberships__cluster__head_unit_id__in=staff,
    )
    as_deputy = submissions.filter(
        deadline__recipients__kind=RecipientKind.CLUSTER_HEAD,
        unit__memberships__year=F("deadline__campaign__year"),
        unit__memberships__cluster__deputy_unit_id__in=staff,
    )
    as_named = submissions.filter(deadline__recipients__unit_id__in=staff)
    return (own | as_head | as_deputy | as_named).distinct()


def submission_get(*, user, submission_id: int) -> Submission:
    submission = (
        submissions_visible(user=user).filter(pk=submission_id)
        .select_related("deadline__campaign", "unit")
        .prefetch_related(
            Prefetch("versions", queryset=SubmissionVersion.objects.select_related("submitted_by").order_by(
                "-number").prefetch_related(
                    Prefetch("receipts", queryset=Receipt.objects.select_related(
                        "recipient__unit", "recipient_unit", "decided_by").order_by("id")))),
        )
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def version_get(*, user, submission_id: int, number: int | None = None) -> SubmissionVersion:
    """A version's file is served only to those who may see the submission."""
    submission = submissions_visible(user=user).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    version = submission.versions.filter(number=number or submission.latest_version).first()
    if version is None:
        raise Http404
    return version


def submission_recipient(*, submission: Submission, recipient_id: int | None = None, kind: str = "",
                         unit_id: int | None = None) -> Recipient:
    """One recipient of the submission's deadline, by id (the page) or by kind and named unit (the API)."""
    recipients = submission.deadline.recipients.all()
    if recipient_id is not None:
        recipients = recipients.filter(pk=recipient_id)
    else:
        recipients = recipients.filter(kind=kind)
        if kind == RecipientKind.UNIT:
            recipients = recipients.filter(unit_id=unit_id)
    recipient = recipients.first()
    if recipient is None:
        raise Http404
    return recipient


def sending_unit(*, user, unit_id: int | None = None):
    """The unit the user sends for: the one asked for (it must be one of the user's own), or the only one.

    PermissionDenied when the user sends for no unit (or asks for another's); ValidationError when the user
    works for several units and did not say which.
    """
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from thidua.org.models import Unit

    own = access_of(user).staff_unit_ids
    if not own or (unit_id is not None and unit_id not in own):
        raise PermissionDenied(_("Only the unit's own clerk or head may send its documents."))
    if unit_id is None:
        if len(own) > 1:
            raise ValidationError({"unit_id": _("You work for several units: choose which one sends.")})
        unit_id = next(iter(own))
    return Unit.objects.get(pk=unit_id)


# ── the desk: what waits for the user (read by ``thidua.desk``) ──────────────────────────────────────────────


def resend_basis(*, user, deadline: Deadline, unit) -> tuple[SubmissionVersion | None, list[Receipt]]:
    """What a new version starts from: the unit's latest version for the deadline (its fields fill the form) and,
    when it was returned, the returns on that version with their reasons (oldest first). ``(None, [])`` before a
    first sending. ``unit`` is one the user sends for (see ``sending_unit``)."""
    from ..enums import ReceiptDecision

    submission = (submissions_visible(user=user).filter(deadline=deadline, unit=unit)
                  .only("id", "latest_version").first())
    if submission is None:
        return None, []
    version = submission.versions.filter(number=submission.latest_version).first()
    if version is None:
        return None, []
    returns = list(version.receipts.filter(decision=ReceiptDecision.RETURN)
                   .select_related("recipient__unit", "recipient_unit", "decided_by").order_by("decided_at", "id"))
    return version, returns


def documents_to_send(*, user) -> list[tuple[Deadline, int, str]]:
    """``(deadline, unit_id, unit_name)`` for each deadline of a launched campaign that one of the user's units (as
    its clerk or head) must answer and has not sent yet, soonest due first. One query per unit of the user, whatever
    the data."""
    from django.db.models import Exists, OuterRef, Q

    from thidua.org.models import Unit

    from ..enums import CampaignStatus
    from ..models import Participation

    staff = access_of(user).staff_unit_ids
    if not staff:
        return []
    visible = campaign_list(user=user).filter(status=CampaignStatus.LAUNCHED).values("pk")
    rows = []
    for unit_id, unit_name in Unit.objects.filter(pk__in=staff).order_by("id").values_list("id", "name"):
        takes_part = Participation.objects.filter(campaign_id=OuterRef("campaign_id")).filter(
            Q(unit_id=unit_id) | Q(cluster__memberships__unit_id=unit_id,
                                   cluster__memberships__year=OuterRef("campaign__year")))
        chosen = Deadline.only_units.through.objects.filter(deadline_id=OuterRef("pk"))
        deadlines = (Deadline.objects.filter(campaign__in=visible).filter(Exists(takes_part))
                     .filter(~Exists(chosen) | Exists(chosen.filter(unit_id=unit_id)))
                     .exclude(Exists(Submission.objects.filter(deadline_id=OuterRef("pk"), unit_id=unit_id)))
                     .select_related("campaign"))
        rows += [(deadline, unit_id, unit_name) for deadline in deadlines]
    rows.sort(key=lambda row: (row[0].due_on, row[0].pk, row[1]))
    return rows


def submissions_returned(*, user) -> QuerySet[Submission]:
    """The user's units' submissions that a recipient returned, longest waiting first, each with ``return_reason``
    (the latest return's reason on the latest version) and ``returned_at``."""
    from django.db.models import OuterRef, Subquery

    from ..enums import ReceiptDecision, SubmissionStatus

    staff = access_of(user).staff_unit_ids
    if not staff:
        return Submission.objects.none()
    returns = Receipt.objects.filter(version__submission_id=OuterRef("pk"),
                                     version__number=OuterRef("latest_version"),
                                     decision=ReceiptDecision.RETURN).order_by("-decided_at", "-id")
    return (submissions_visible(user=user).filter(unit_id__in=staff, status=SubmissionStatus.RETURNED)
            .select_related("deadline__campaign", "unit")
            .annotate(return_reason=Subquery(returns.values("reason")[:1]),
                      returned_at=Subquery(returns.values("decided_at")[:1]))
            .order_by("returned_at", "id"))


def submissions_to_receive(*, user) -> QuerySet[Submission]:
    """Submissions whose latest version waits for the user's decision as a recipient, longest waiting first: the
    council office's for the office; for a cluster/block head, its members' (and, for the deputy, the head's own);
    for a named recipient unit, the documents sent to it. Each with ``sent_at`` (the latest version's time)."""
    from django.db.models import Exists, OuterRef, Q, Subquery

    from thidua.org.models import ClusterMembership as Membership

    from ..enums import SubmissionStatus

    access = access_of(user)
    staff = access.staff_unit_ids
    if not (access.is_council_office or staff):
        return Submission.objects.none()
    waiting = Q()
    pending = Receipt.objects.filter(version__submission_id=OuterRef("pk"),
                                     version__number=OuterRef("latest_version"))
    if access.is_council_office:
        waiting |= Q(deadline__recipients__kind=RecipientKind.COUNCIL_OFFICE) & ~Exists(
            pending.filter(recipient__kind=RecipientKind.COUNCIL_OFFICE))
    if staff:
        membership = Membership.objects.filter(unit_id=OuterRef("unit_id"),
                                               year=OuterRef("deadline__campaign__year"))
        as_head = Exists(membership.filter(cluster__head_unit_id__in=staff)) & ~Q(unit_id__in=staff)
        as_deputy = Exists(membership.filter(cluster__deputy_unit_id__in=staff,
                                             cluster__head_unit_id=OuterRef("unit_id")))
        waiting |= Q(deadline__recipients__kind=RecipientKind.CLUSTER_HEAD) & (as_head | as_deputy) & ~Exists(
            pending.filter(recipient__kind=RecipientKind.CLUSTER_HEAD))
        waiting |= Q(deadline__recipients__kind=RecipientKind.UNIT, deadline__recipients__unit_id__in=staff) & ~Q(
            unit_id__in=staff) & ~Exists(pending.filter(recipient__kind=RecipientKind.UNIT,
                                                        recipient__unit_id__in=staff))
    sent = SubmissionVersion.objects.filter(submission_id=OuterRef("pk"), number=OuterRef("latest_version"))
    ids = Submission.objects.filter(waiting, status=SubmissionStatus.SUBMITTED,
                                    deadline__campaign__in=campaign_list(user=user)).values("pk")
    return (Submission.objects.filter(pk__in=ids).select_related("deadline__campaign", "unit")
            .annotate(sent_at=Subquery(sent.values("submitted_at")[:1])).order_by("sent_at", "id"))


def deadline_reports_ready(*, user, today: datetime.date | None = None) -> QuerySet[Deadline]:
    """For the office and the leadership: the deadlines of running campaigns whose due date has passed, each with
    its consolidated report (who sent, late, not sent) ready to read; the oldest due first."""
    from ..enums import CampaignStatus

    if not access_of(user).sees_everything:
        return Deadline.objects.none()
    from django.utils import timezone

    today = today or timezone.localdate()
    return (Deadline.objects.filter(campaign__in=campaign_list(user=user).filter(status=CampaignStatus.LAUNCHED),
                                    due_on__lt=today).select_related("campaign").order_by("due_on", "id"))
