"""Writes for campaigns and their plans. One function per change, each in a transaction and audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import changes, log_action, snapshot
from thidua.core.permissions import require_perm
from thidua.core.text import fold
from thidua.org.models import Cluster, Unit

from ..enums import CampaignKind, CampaignStatus, RecipientKind
from ..models import Campaign, ContentArea, Deadline, DistributionEntry, Participation, Recipient

#: The only moves a campaign's status may make, checked by ``campaign_transition``.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    CampaignStatus.DRAFT: {CampaignStatus.LAUNCHED},
    CampaignStatus.LAUNCHED: {CampaignStatus.EVALUATING},
    CampaignStatus.EVALUATING: {CampaignStatus.CLOSED},
    CampaignStatus.CLOSED: set(),
}

EDITABLE_FIELDS = [
    "title", "theme", "kind", "year", "starts_on", "ends_on", "plan_number", "plan_symbol", "issued_on", "place",
    "issuer", "signer_name", "signer_title", "legal_basis", "preamble", "purpose", "requirements", "implementation",
]
AUDITED_FIELDS = [f if f != "issuer" else "issuer_id" for f in EDITABLE_FIELDS]


def campaign_search_text(campaign: Campaign) -> str:
    return fold(f"{campaign.code} {campaign.title} {campaign.theme}")[:600]


def _validate(campaign: Campaign) -> None:
    if campaign.kind not in CampaignKind.values:
        raise ValidationError(_("Unknown campaign kind: %(kind)s") % {"kind": campaign.kind})
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise ValidationError(_("A campaign cannot end before it starts."))
    if not isinstance(campaign.legal_basis, list) or not all(isinstance(x, str) for x in campaign.legal_basis):
        raise ValidationError(_("The legal basis must be a list of texts."))
    campaign.full_clean(exclude=["search_text"])


@transaction.atomic
def campaign_create(*, by, code: str, title: str, year: int, **fields) -> Campaign:
    """A new campaign starts as a draft that only the council office and the leadership see."""
    require_perm(by, "campaigns.manage_campaign")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if Campaign.objects.filter(code=code).exists():
        raise ValidationError(_("A campaign with code %(code)s already exists.") % {"code": code})
    campaign = Campaign(code=code, title=title, year=year, status=CampaignStatus.DRAFT, **fields)
    _validate(campaign)
    campaign.search_text = campaign_search_text(campaign)
    campaign.save()
    log_action("campaigns.campaign.created", actor=by, target=campaign,
               data={"after": snapshot(campaign, ["code", *AUDITED_FIELDS])})
    return campaign


@transaction.atomic
def campaign_update(*, by, campaign: Campaign, **fields) -> Campaign:
    """Edit the plan's fields while the campaign is not closed; every changed value is audited."""
    require_perm(by, "campaigns.manage_campaign")
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    new_year = fields.get("year", campaign.year)
    if new_year != campaign.year and campaign.participations.filter(cluster__isnull=False).exclude(
        cluster__year=new_year
    ).exists():
        raise ValidationError(
            _("The campaign's clusters and blocks belong to %(year)s: change them before changing the year.")
            % {"year": campaign.year}
        )
    before = snapshot(campaign, AUDITED_FIELDS)
    for name, value in fields.items():
        setattr(campaign, name, value)
    _validate(campaign)
    campaign.search_text = campaign_search_text(campaign)
    campaign.save()
    diff = changes(before, snapshot(campaign, AUDITED_FIELDS))
    if diff:
        log_action("campaigns.campaign.updated", actor=by, target=campaign, data={"changes": diff})
    return campaign


@transaction.atomic
def campaign_transition(*, by, campaign: Campaign, to: str) -> Campaign:
    """Move a campaign along draft → launched → evaluating → closed; any other move is refused."""
    require_perm(by, "campaigns.manage_campaign")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if to not in ALLOWED_TRANSITIONS.get(campaign.status, set()):
        raise ValidationError(
            _("A campaign cannot move from “%(from)s” to “%(to)s”.")
            % {"from": CampaignStatus(campaign.status).label, "to": CampaignStatus(to).label
               if to in CampaignStatus.values else to}
        )
    if to == CampaignStatus.LAUNCHED and not campaign.contents.exists():
        raise ValidationError(_("A campaign needs at least one content area before it is launched."))
    before = campaign.status
    campaign.status = to
    campaign.save(update_fields=["status", "updated_at"])
    log_action(f"campaigns.campaign.{to}", actor=by, target=campaign, data={"status": [before, to]})
    return campaign


@transaction.atomic
def content_area_add(*, by, campaign: Campaign, order: int, title: str, body: str) -> ContentArea:
    require_perm(by, "campaigns.manage_campaign")
    if campaign.contents.filter(order=order).exists():
        raise ValidationError(_("Content area %(order)s already exists.") % {"order": order})
    area = ContentArea(campaign=campaign, order=order, title=title, body=body)
    area.full_clean()
    area.save()
    log_action("campaigns.content_area.added", actor=by, target=campaign,
               data={"order": order, "title": title, "content_area": area.pk})
    return area


def _recipient_rows(deadline: Deadline, recipients: list[str | Unit]) -> list[Recipient]:
    """Recipients from "cluster_head", "council_office" or units; one named twice is one recipient."""
    if not recipients:
        raise ValidationError(_("A deadline needs at least one recipient."))
    rows: dict[tuple[str, int | None], Recipient] = {}
    for recipient in recipients:
        if isinstance(recipient, Unit):
            rows[(RecipientKind.UNIT, recipient.pk)] = Recipient(deadline=deadline, kind=RecipientKind.UNIT,
                                                                 unit=recipient)
        elif recipient in (RecipientKind.CLUSTER_HEAD, RecipientKind.COUNCIL_OFFICE):
            rows[(recipient, None)] = Recipient(deadline=deadline, kind=recipient)
        else:
            raise ValidationError(_("Unknown recipient: %(recipient)s") % {"recipient": recipient})
    return list(rows.values())


@transaction.atomic
def deadline_create(
    *, by, campaign: Campaign, code: str, title: str, due_on: datetime.date, description: str = "",
    recipients: list[str | Unit], only_units: list[Unit] | None = None,
) -> Deadline:
    """A deadline with its recipients: "cluster_head", "council_office", or named units; for every participant
    or only ``only_units``."""
    require_perm(by, "campaigns.manage_campaign")
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    if campaign.deadlines.filter(code=code).exists():
        raise ValidationError(_("A deadline with code %(code)s already exists.") % {"code": code})
    deadline = Deadline(campaign=campaign, code=code, title=title, due_on=due_on, description=description)
    deadline.full_clean()
    rows = _recipient_rows(deadline, recipients)
    deadline.save()
    Recipient.objects.bulk_create(rows)
    if only_units:
        deadline.only_units.set(only_units)
    log_action(
        "campaigns.deadline.created", actor=by, target=campaign,
        data={"deadline": deadline.pk, "code": code, "due_on": due_on,
              "recipients": [r.unit_id or r.kind for r in rows], "only_units": [u.pk for u in only_units or []]},
    )
    return deadline


DEADLINE_FIELDS = ["code", "title", "description", "due_on"]


def _deadline_state(deadline: Deadline) -> dict:
    """What the audit compares before and after an edit: the fields, the recipients and the chosen units."""
    state = snapshot(deadline, DEADLINE_FIELDS)
    state["recipients"] = sorted(str(r.unit_id or r.kind) for r in deadline.recipients.all())
    state["only_units"] = sorted(deadline.only_units.values_list("id", flat=True))
    return state


def _recompute_lateness(deadline: Deadline) -> None:
    """After the due date moves, each version's and each submission's late flag follows the new date."""
    from ..models import Submission, SubmissionVersion

    versions = list(SubmissionVersion.objects.filter(submission__deadline=deadline))
    for version in versions:
        version.late = deadline.is_late(version.submitted_at)
    SubmissionVersion.objects.bulk_update(versions, ["late"])
    submissions = list(Submission.objects.filter(deadline=deadline))
    for submission in submissions:
        submission.late = deadline.is_late(submission.first_submitted_at)
    Submission.objects.bulk_update(submissions, ["late"])


@transaction.atomic
def deadline_update(
    *, by, deadline: Deadline, recipients: list[str | Unit] | None = None, only_units: list[Unit] | None = None,
    **fields,
) -> Deadline:
    """Edit a deadline. Recipients cannot change once units have sent documents (their receipts would no longer
    add up); a new due date recomputes every submission's late flag."""
    require_perm(by, "campaigns.manage_campaign")
    if deadline.campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    unknown = set(fields) - set(DEADLINE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "code" in fields and deadline.campaign.deadlines.filter(code=fields["code"]).exclude(pk=deadline.pk).exists():
        raise ValidationError(_("A deadline with code %(code)s already exists.") % {"code": fields["code"]})
    before = _deadline_state(deadline)
    for name, value in fields.items():
        setattr(deadline, name, value)
    deadline.full_clean()
    deadline.save()
    if recipients is not None:
        rows = _recipient_rows(deadline, recipients)
        wanted = {(r.kind, r.unit_id) for r in rows}
        current = {(r.kind, r.unit_id): r for r in deadline.recipients.all()}
        dropped = [r for key, r in current.items() if key not in wanted]
        if (dropped or wanted - set(current)) and deadline.submissions.exists():
            raise ValidationError(_("Units have already sent documents: the recipients can no longer change."))
        Recipient.objects.filter(pk__in=[r.pk for r in dropped]).delete()
        Recipient.objects.bulk_create([r for r in rows if (r.kind, r.unit_id) not in current])
    if only_units is not None:
        deadline.only_units.set(only_units)
    if before["due_on"] != deadline.due_on.isoformat():
        _recompute_lateness(deadline)
    diff = changes(before, _deadline_state(deadline))
    if diff:
        log_action("campaigns.deadline.updated", actor=by, target=deadline, data={"changes": diff})
    return deadline


@transaction.atomic
def participation_add(
    *, by, campaign: Campaign, unit: Unit | None = None, cluster: Cluster | None = None
) -> Participation:
    """Add a unit, or a whole cluster/block of the campaign's year, to the participants."""
    require_perm(by, "campaigns.manage_campaign")
    if (unit is None) == (cluster is None):
        raise ValidationError(_("Name either a unit or a cluster, not both."))
    if cluster is not None and cluster.year != campaign.year:
        raise ValidationError(
            _("The cluster belongs to %(year)s, not to the campaign's year.") % {"year": cluster.year}
        )
    if campaign.participations.filter(unit=unit, cluster=cluster).exists():
        raise ValidationError(_("Already taking part."))
    participation = Participation.objects.create(campaign=campaign, unit=unit, cluster=cluster)
    log_action("campaigns.participation.added", actor=by, target=campaign,
               data={"unit": unit, "cluster": cluster})
    return participation


@transaction.atomic
def distribution_add(*, by, campaign: Campaign, name: str, purpose: str = "", level: int = 0) -> DistributionEntry:
    """Append a line to the plan's distribution list (Nơi nhận)."""
    require_perm(by, "campaigns.manage_campaign")
    last = campaign.distribution.order_by("-order").values_list("order", flat=True).first() or 0
    entry = DistributionEntry(campaign=campaign, order=last + 1, name=name, purpose=purpose, level=level)
    entry.full_clean()
    entry.save()
    log_action("campaigns.distribution.added", actor=by, target=campaign, data={"name": name, "purpose": purpose})
    return entry
