"""What waits for a user, per role, read from the domain apps' selectors (this app keeps no rules of its own).

Each section lists the oldest items first, at most ``SHOWN`` of them, with the count of all. Every read is
scoped to the user by the domain selector it calls; the number of queries depends on the user's roles, never on
how much is waiting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.access import access_of
from thidua.awards import selectors as award_selectors
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import CampaignStatus
from thidua.campaigns.selectors import submissions as submission_selectors
from thidua.evaluation import selectors as evaluation_selectors
from thidua.indicators import selectors as indicator_selectors
from thidua.org import selectors as org_selectors

#: How many items a section shows; its count says how many wait in all.
SHOWN = 10


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    since: datetime.date | datetime.datetime | None = None
    detail: str = ""
    note: str = ""  # a return's reason
    days_left: int | None = None


@dataclass
class Section:
    key: str
    title: str
    role: str
    items: list[Item] = field(default_factory=list)
    count: int = 0
    more_url: str = ""


def _section(key, title, role, rows, to_item, *, more_url: str = "") -> Section:
    """A section from a queryset (counted in SQL, ``SHOWN`` rows read) or a list."""
    if isinstance(rows, list):
        count, shown = len(rows), rows[:SHOWN]
    else:
        count = rows.count()
        shown = list(rows[:SHOWN])
    return Section(key=key, title=str(title), role=str(role), items=[to_item(row) for row in shown], count=count,
                   more_url=more_url)


def _today() -> datetime.date:
    return timezone.localdate()


def _clerk_sections(user) -> list[Section]:
    role = _("Unit clerk")
    today = _today()
    to_send = submission_selectors.documents_to_send(user=user)
    sections = [
        _section("send", _("Documents to send"), role, to_send, lambda row: Item(
            title=row[0].title, detail=f"{row[0].campaign.code} · {row[2]}", since=row[0].due_on,
            days_left=(row[0].due_on - today).days,
            url=reverse("campaigns:submit", args=[row[0].pk]) + f"?unit={row[1]}")),
        _section("resend", _("Documents to send again"), role,
                 submission_selectors.submissions_returned(user=user), lambda s: Item(
                     title=s.deadline.title, detail=f"{s.deadline.campaign.code} · {s.unit.name}",
                     since=s.returned_at, note=s.return_reason or "",
                     url=reverse("campaigns:submission", args=[s.pk]))),
        _section("targets", _("Targets to report"), role, indicator_selectors.targets_to_report(user=user, today=today),
                 lambda t: Item(title=f"{t.indicator.code} {t.indicator.name}",
                                detail=f"{t.indicator.campaign.code} · {t.unit.name}", since=t.last_period_end,
                                url=reverse("indicators:target", args=[t.pk]))),
        _section("self_sheets", _("Score sheets to fill"), role, evaluation_selectors.sheets_to_fill(user=user),
                 lambda s: Item(title=s.scheme.title, detail=f"{s.scheme.campaign.code} · {s.unit.name}",
                                since=s.scheme.opened_at, note=s.return_reason,
                                url=reverse("evaluation:sheet", args=[s.pk]))),
        _section("dossiers_returned", _("Nomination dossiers returned"), role,
                 award_selectors.nominations_returned(user=user), lambda n: Item(
                     title=str(n), detail=f"{n.unit.name} · {n.year}", since=n.updated_at, note=n.return_reason,
                     url=reverse("awards:nomination", args=[n.pk]))),
    ]
    return sections


def _head_sections(user) -> list[Section]:
    role = _("Head of a cluster or block")
    return [
        _section("cross_check", _("Score sheets to cross-check"), role,
                 evaluation_selectors.sheets_to_cross_check(user=user), lambda s: Item(
                     title=s.unit.name, detail=f"{s.scheme.campaign.code} · {s.scheme.title}", since=s.created_at,
                     url=reverse("evaluation:sheet", args=[s.pk]))),
        _section("organise_votes", _("Votes to organise"), role, evaluation_selectors.votes_to_organise(user=user),
                 lambda row: Item(title=row[1].name, detail=row[0].code,
                                  url=reverse("evaluation:rounds", args=[row[0].pk]) + f"?cluster={row[1].pk}")),
    ]


def _receive_section(user, access) -> Section:
    title = _("Documents to receive") if access.is_council_office else _("Documents to accept")
    role = _("Council standing office") if access.is_council_office else _("Head of a cluster or block")
    return _section("receive", title, role, submission_selectors.submissions_to_receive(user=user), lambda s: Item(
        title=s.deadline.title, detail=f"{s.deadline.campaign.code} · {s.unit.name}", since=s.sent_at,
        url=reverse("campaigns:submission", args=[s.pk])))


def _office_sections(user) -> list[Section]:
    role = _("Council standing office")
    queue = [row for row in award_selectors.appraisal_queue(user=user) if row.days_left is not None]
    items = award_selectors.preparable_items(user=user)
    dossiers: dict[int, list] = {}
    for item in items:
        dossiers.setdefault(item.nomination_id, []).append(item)
    return [
        _section("appraise", _("Dossiers to appraise"), role, queue, lambda row: Item(
            title=str(row.nomination), detail=f"{row.nomination.unit.name} · {row.nomination.year}",
            since=row.nomination.appraisal_due_on, days_left=row.days_left,
            url=reverse("awards:nomination", args=[row.nomination.pk])), more_url=reverse("awards:appraisal_queue")),
        _section("review_sheets", _("Score sheets to review"), role,
                 evaluation_selectors.sheets_to_review(user=user), lambda s: Item(
                     title=s.unit.name, detail=f"{s.scheme.campaign.code} · {s.scheme.title}", since=s.created_at,
                     url=reverse("evaluation:sheet", args=[s.pk]))),
        _section("prepare_decisions", _("Decisions to prepare"), role, list(dossiers.values()), lambda group: Item(
            title=str(group[0].nomination), detail=f"{group[0].nomination.unit.name} · {group[0].nomination.year}",
            since=group[0].nomination.updated_at,
            url=reverse("awards:decision_create") + f"?nomination={group[0].nomination.pk}")),
    ]


def _leader_sections(user) -> list[Section]:
    role = _("Chairman")
    return [
        _section("reports", _("Reports received"), role, submission_selectors.deadline_reports_ready(user=user),
                 lambda d: Item(title=d.title, detail=d.campaign.code, since=d.due_on,
                                url=reverse("campaigns:deadline", args=[d.pk]))),
        _sign_section(user, role),
        _section("results", _("Results to see"), role, evaluation_selectors.results_to_see(user=user),
                 lambda c: Item(title=c.title, detail=c.code, since=c.published_at,
                                url=reverse("evaluation:rankings", args=[c.pk]))),
    ]


def _sign_section(user, role=None) -> Section:
    return _section("sign", _("Decisions to sign"), role or _("Signer"), award_selectors.decisions_to_sign(user=user),
                    lambda d: Item(title=f"…/{d.symbol}",
                                   detail=d.issuer_unit.name if d.issuer_unit_id else str(_("The province")),
                                   since=d.updated_at, url=reverse("awards:desk") + f"#desk-{d.pk}"))


def _vote_item(voting_round) -> Item:
    if voting_round.meeting_id:
        url = reverse("awards:council_meeting", args=[voting_round.meeting_id])
    else:
        url = reverse("evaluation:round", args=[voting_round.pk])
    detail = voting_round.campaign.code if voting_round.campaign_id else str(voting_round.meeting)
    return Item(title=voting_round.question, detail=detail, since=voting_round.opens_at,
                days_left=(timezone.localtime(voting_round.closes_at).date() - _today()).days, url=url)


def desk_sections(*, user) -> list[Section]:
    """The sections of the user's desk, one group per role the user holds."""
    access = access_of(user)
    if not access.roles:
        return []
    sections: list[Section] = []
    if access.staff_unit_ids:
        sections += _clerk_sections(user)
    heads = bool(access.staff_unit_ids) and _heads_any(user)
    if access.is_council_office or heads:
        sections.append(_receive_section(user, access))
    if heads:
        sections += _head_sections(user)
    if access.is_council_office:
        sections += _office_sections(user)
    if access.is_leader:
        sections += _leader_sections(user)
    elif award_selectors.is_signatory(user=user):
        sections.append(_sign_section(user))
    sections.append(_section("votes", _("Votes open"), _("Voter"), evaluation_selectors.votes_open(user=user),
                             _vote_item))
    if access.is_council_member:
        sections.append(_section("meetings", _("Council meetings"), _("Council member"),
                                 award_selectors.meetings_ahead(user=user), lambda m: Item(
                                     title=str(m.council.unit.name), detail=m.place, since=m.held_on,
                                     days_left=(m.held_on - _today()).days,
                                     url=reverse("awards:council_meeting", args=[m.pk]))))
    return sections


def _heads_any(user) -> bool:
    """Whether the user's units head or deputise a cluster this year or in the year of a campaign still open."""
    years = set(campaign_selectors.campaign_list(user=user).exclude(status=CampaignStatus.CLOSED).order_by()
                .values_list("year", flat=True).distinct()) | {_today().year}
    return any(org_selectors.clusters_headed_by(user=user, year=year).exists() for year in sorted(years)[-2:])
