"""Who receives a unit's submission, and who may act for each recipient.

- ``cluster_head``: the head unit of the sender's cluster or block in the campaign's year; when the sender is
  itself the head, its deputy receives instead (a unit does not receive its own document).
- ``council_office``: the council's standing office (users holding the council-office role).
- ``unit``: the named unit (not when it is the sender itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.accounts.access import access_of
from thidua.org.models import Cluster, ClusterMembership

from .enums import RecipientKind
from .models import Deadline, Recipient


@dataclass(frozen=True)
class ResolvedRecipient:
    recipient: Recipient
    unit_id: int | None  # None for the council office, or when the sender has no cluster head that year
    unit_name: str

    @property
    def resolvable(self) -> bool:
        return self.recipient.kind == RecipientKind.COUNCIL_OFFICE or self.unit_id is not None


def cluster_of(*, unit_id: int, year: int) -> Cluster | None:
    membership = ClusterMembership.objects.select_related("cluster__head_unit", "cluster__deputy_unit").filter(
        unit_id=unit_id, year=year
    ).first()
    return membership.cluster if membership else None


def resolve(recipient: Recipient, *, sender_id: int, cluster: Cluster | None) -> ResolvedRecipient:
    if recipient.kind == RecipientKind.COUNCIL_OFFICE:
        return ResolvedRecipient(recipient, None, str(recipient))
    if recipient.kind == RecipientKind.UNIT:
        if recipient.unit_id == sender_id:  # a unit does not receive its own document
            return ResolvedRecipient(recipient, None, recipient.unit.name)
        return ResolvedRecipient(recipient, recipient.unit_id, recipient.unit.name)
    if cluster is None:
        return ResolvedRecipient(recipient, None, str(recipient))
    head = cluster.head_unit if cluster.head_unit_id != sender_id else cluster.deputy_unit
    return ResolvedRecipient(recipient, head.pk if head else None, head.name if head else str(recipient))


def recipients_for(*, deadline: Deadline, sender_id: int) -> list[ResolvedRecipient]:
    """The deadline's recipients as they apply to one sender."""
    cluster = cluster_of(unit_id=sender_id, year=deadline.campaign.year)
    return [
        resolve(r, sender_id=sender_id, cluster=cluster)
        for r in deadline.recipients.select_related("unit").order_by("id")
    ]


def acts_for(user, resolved: ResolvedRecipient) -> bool:
    """Whether ``user`` may record this recipient's receipt."""
    access = access_of(user)
    if resolved.recipient.kind == RecipientKind.COUNCIL_OFFICE:
        return access.is_council_office
    return resolved.unit_id is not None and resolved.unit_id in access.staff_unit_ids
