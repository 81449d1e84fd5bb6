"""The notices this app sends when it hands work to someone: a submitted self-assessment to cross-check (the
cluster's or block's head and deputy), a cluster's sheet to review (the council office), a sheet returned (its
author), a result published (the unit), a vote opened (its voters)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.core.notifications import notify_all, register_kind
from thidua.org.models import ClusterMembership

from .enums import Electorate, Stage
from .scoring import points_text

SHEET_TO_CROSS_CHECK = register_kind("sheet.to_cross_check", gettext_lazy("A score sheet to cross-check"))
SHEET_TO_REVIEW = register_kind("sheet.to_review", gettext_lazy("A score sheet to review"))
SHEET_RETURNED = register_kind("sheet.returned", gettext_lazy("A score sheet returned"))
RESULT_PUBLISHED = register_kind("result.published", gettext_lazy("A result published"))
VOTE_OPEN = register_kind("vote.open", gettext_lazy("A vote open"))

_STAFF = [Role.UNIT_CLERK, Role.UNIT_HEAD]


def _staff_of(unit_ids) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__unit_id__in=list(unit_ids),
                                    role_assignments__role__in=_STAFF).distinct())


def _office() -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.COUNCIL_OFFICE).distinct())


def stage_authors(sheet) -> list[User]:
    """Who writes ``sheet`` at its stage (``scoring.may_edit``): the unit, its cluster's head or deputy (the deputy
    alone for the head's own sheet), the council office."""
    from .scoring import cluster_of

    if sheet.stage == Stage.SELF:
        return _staff_of([sheet.unit_id])
    if sheet.stage == Stage.COUNCIL:
        return _office()
    cluster = cluster_of(sheet.scheme, sheet.unit_id)
    if cluster is None:
        return _office()
    if sheet.unit_id == cluster.head_unit_id:
        return _staff_of([cluster.deputy_unit_id] if cluster.deputy_unit_id else [])
    return _staff_of({cluster.head_unit_id, cluster.deputy_unit_id} - {None, sheet.unit_id})


def sheet_submitted(sheet, following) -> None:
    """``sheet`` was submitted; ``following`` (the next stage's draft) waits for its authors."""
    kind = SHEET_TO_CROSS_CHECK if following.stage == Stage.CLUSTER else SHEET_TO_REVIEW
    title = _("Score sheet of %(unit)s to %(what)s") % {
        "unit": sheet.unit.name, "what": _("cross-check") if kind == SHEET_TO_CROSS_CHECK else _("review")}
    notify_all(stage_authors(following), title=title, url=reverse("evaluation:sheet", args=[following.pk]),
               body=_("%(scheme)s — total %(total)s.") % {"scheme": sheet.scheme.title,
                                                          "total": points_text(sheet.total)},
               kind=kind)


def sheet_returned(sheet, reason: str) -> None:
    notify_all(stage_authors(sheet), title=_("Score sheet of %(unit)s returned") % {"unit": sheet.unit.name},
               body=reason, url=reverse("evaluation:sheet", args=[sheet.pk]), kind=SHEET_RETURNED)


def result_published(sheet) -> None:
    notify_all(_staff_of([sheet.unit_id]), title=_("Result published: %(scheme)s") % {"scheme": sheet.scheme.title},
               body=_("Total %(total)s.") % {"total": points_text(sheet.total)},
               url=reverse("evaluation:sheet", args=[sheet.pk]), kind=RESULT_PUBLISHED)


def vote_opened(voting_round) -> None:
    """A campaign's vote: the member units' staff of its cluster or block, or the council's members. (A council
    meeting's vote is held in the meeting itself.)"""
    if voting_round.meeting_id:
        return
    if voting_round.electorate_kind == Electorate.COUNCIL_MEMBERS:
        voters = User.objects.filter(is_active=True, role_assignments__role=Role.COUNCIL_MEMBER).distinct()
    else:
        members = ClusterMembership.objects.filter(cluster=voting_round.cluster, year=voting_round.campaign.year)
        voters = _staff_of(members.values_list("unit_id", flat=True))
    notify_all(voters, title=_("Vote open until %(until)s: %(question)s") % {
        "question": voting_round.question,
        "until": voting_round.closes_at.astimezone().strftime("%d/%m/%Y %H:%M")},
        url=reverse("evaluation:round", args=[voting_round.pk]), kind=VOTE_OPEN)
