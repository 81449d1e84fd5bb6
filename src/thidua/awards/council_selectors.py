"""Reads for councils, their meetings and votes, and decisions on their way to signature, scoped to the user.

- A council's members: the office and the leadership read every council's; the provincial council's are read by
  the council's members too (anyone else gets a 403: the council is no secret, its roll is not theirs); a unit's
  own council by the unit's staff and its members (anyone else: 404).
- A meeting and its vote: the office, the leadership, and whoever reads its council's members. Any other id is a
  404, as if it did not exist.
- Decisions: the office and the leadership see all; a unit's staff see the unit's own decisions in every state and
  the issued provincial decisions granting their unit's nominees; a signatory sees the decisions of the issuer he
  signs for; council members see the issued ones. Any other id is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.org.enums import UnitKind

from . import council
from .enums import DecisionStatus
from .models import Award, Council, CouncilMeeting, CouncilMember, Decision, Signatory


def _sits_on(user, council_obj: Council) -> bool:
    return bool(getattr(user, "pk", None)) and CouncilMember.objects.filter(
        council=council_obj, user_id=user.pk, active=True).exists()


def council_readable(*, user, council_obj: Council) -> bool:
    """Whether ``user`` reads the council's roll, its meetings and their votes."""
    access = access_of(user)
    if not access.roles:
        return False
    if access.sees_everything:
        return True
    if council.is_province(council_obj):
        return access.is_council_member or _sits_on(user, council_obj)
    return council_obj.unit_id in access.staff_unit_ids or _sits_on(user, council_obj)


def council_get(*, user, council_id: int | None = None) -> Council:
    """A council the user may reach: by id, or the provincial council. A unit's council the user does not read is
    a 404; the provincial council is known to everyone signed in, so reading its roll is a 403 for others."""
    if not access_of(user).roles:
        raise Http404
    if council_id is None:
        found = council.province_council()
    else:
        found = Council.objects.select_related("unit").filter(pk=council_id).first()
    if found is None:
        raise Http404
    if not council.is_province(found) and not council_readable(user=user, council_obj=found):
        raise Http404
    return found


def council_members(*, user, council_obj: Council) -> QuerySet[CouncilMember]:
    if not council_readable(user=user, council_obj=council_obj):
        raise PermissionDenied(_("Only the council office, the leadership and the council's members read its "
                                 "members."))
    return council.members_of(council_obj)


def meeting_get(*, user, meeting_id: int) -> CouncilMeeting:
    found = CouncilMeeting.objects.select_related("council__unit").filter(pk=meeting_id).first()
    if found is None or not council_readable(user=user, council_obj=found.council):
        raise Http404
    return found


def voting_round_get(*, user, round_id: int):
    """A vote the user may read: a campaign's (as ``evaluation.selectors.round_get`` scopes it) or a council
    meeting's (as its council is scoped)."""
    from thidua.evaluation.models import VotingRound
    from thidua.evaluation.selectors import round_get

    found = VotingRound.objects.select_related("campaign", "cluster", "meeting__council__unit").filter(
        pk=round_id).first()
    if found is None:
        raise Http404
    if found.meeting_id is None:
        return round_get(user=user, round_id=round_id)
    if not council_readable(user=user, council_obj=found.meeting.council):
        raise Http404
    return found


# ── decisions ────────────────────────────────────────────────────────────────────────────────────────────────


def decisions_visible(*, user) -> QuerySet[Decision]:
    access = access_of(user)
    if not access.roles:
        return Decision.objects.none()
    if access.sees_everything:
        return Decision.objects.all()
    issued = Q(status=DecisionStatus.ISSUED)
    seen = Q(pk__in=[])
    if access.is_council_member:
        seen |= issued
    staff = access.staff_unit_ids
    if staff:
        grants_ours = Award.objects.filter(decision=OuterRef("pk"), nomination_item__nomination__unit_id__in=staff)
        seen |= Q(issuer_unit_id__in=staff) | (Q(issuer_unit__isnull=True) & issued & Exists(grants_ours))
    for unit_id, kind in Signatory.objects.filter(user_id=user.pk, active=True).values_list("unit_id", "unit__kind"):
        seen |= Q(issuer_unit__isnull=True) if kind == UnitKind.PROVINCE else Q(issuer_unit_id=unit_id)
    return Decision.objects.filter(seen)


def decision_list(*, user, year: int | None = None, issuer_unit_id: int | None = None) -> QuerySet[Decision]:
    found = decisions_visible(user=user).select_related("issuer_unit")
    if year:
        found = found.filter(Q(year=year) | Q(year__isnull=True, signed_on__year=year))
    if issuer_unit_id:
        found = found.filter(issuer_unit_id=issuer_unit_id)
    return found.order_by(F("signed_on").desc(nulls_first=True), "-id")


def decision_get(*, user, decision_id: int) -> Decision:
    found = decisions_visible(user=user).select_related("issuer_unit").filter(pk=decision_id).first()
    if found is None:
        raise Http404
    return found
