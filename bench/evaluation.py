"""The measured campaign's scoring scheme, score sheets at every stage, and one secret-ballot round (issue 5).

The scheme is made by the services' own ``scheme_create`` (forty rows, validated: nine groups, one indicator
criterion per indicator, a manual criterion per group, a bonus and a late-launch-document penalty; 1,000 points).
The sheets do not go through the services, which lock, check and audit sheet by sheet: they go in with
``bulk_create`` and their entries with one ``COPY`` (PostgreSQL) or one ``executemany`` (SQLite), as the services
would leave them. The computed criteria (indicator completion, late document) come from ``scoring.computed_points``,
the function ``evaluation_open`` uses; each sheet's ``total`` and ``indicator_points`` are the sums of its entries.

Every participant has a story, in a fixed pattern of twenty (``STORIES``) so even ``tiny`` has every kind: a self
draft, a self sheet submitted (the cluster's draft open), returned by the cluster (its draft set aside, not
current), the cluster's sheet submitted (the council's draft open), published, and published then corrected
(revision 1 kept, not current). Cluster reviewers lower some points with a reason, the council some bonuses.

The round is the council's suy tôn vote: ``Scale.council_members`` members (each a user with the council-member
role), about 92 % of whom voted, choosing three to five of twenty candidates (the measured cluster's members).
As in the services, only the candidates' counters and ``BallotCast`` rows (who voted, never what) are stored.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment, User
from thidua.campaigns.models import Campaign, Deadline
from thidua.core.models import AuditEvent
from thidua.evaluation import services
from thidua.evaluation.enums import AwardQuota, CriterionKind, Electorate, PenaltyRule, SheetStatus, Stage
from thidua.evaluation.models import (
    BallotCast,
    Candidate,
    Criterion,
    ScoreEntry,
    ScoreSheet,
    ScoringScheme,
    VotingRound,
)
from thidua.evaluation.scoring import computed_points, scheme_participants
from thidua.org.models import ClusterMembership, Unit

from . import names
from .scales import Scale

BATCH = 2000
CENT = Decimal("0.01")
#: Points of the nine groups (950), plus a 50-point bonus: 1,000 in all (the demo's scheme, for a province).
GROUP_POINTS = [110, 105, 105, 110, 100, 100, 110, 105, 105]
BONUS_POINTS, PENALTY_POINTS = 50, 20
INDICATOR_SHARE = Decimal("0.6")  # of a group's points, shared by its indicators
BANDS = [{"name": "Xuất sắc", "min": 900}, {"name": "Tốt", "min": 800}, {"name": "Khá", "min": 650},
         {"name": "Trung bình", "min": 500}]
#: What happened to each participant's sheets, in turn (20 slots: 3 self drafts, 3 self submitted, 2 returned by
#: the cluster, 4 cluster sheets submitted, 7 published, 1 published and corrected).
STORIES = ("self_draft", "self_submitted", "cluster_submitted", "published", "self_draft", "published", "returned",
           "cluster_submitted", "published", "self_submitted", "published", "self_draft", "cluster_submitted",
           "published", "corrected", "self_submitted", "published", "cluster_submitted", "returned", "published")
#: The cluster reviewer lowers one manual criterion of one sheet in this many; the council one bonus in this many.
CLUSTER_CHANGE_EVERY, COUNCIL_CHANGE_EVERY = 3, 5
CANDIDATES = 20
TURNOUT = 0.92
EXPLANATIONS = ["Đã ban hành kế hoạch, văn bản chỉ đạo; có báo cáo sơ kết, tổng kết kèm theo.",
                "Tổ chức phát động, tuyên truyền rộng rãi; minh chứng: công văn, ảnh, bài viết trên cổng thông tin.",
                "Hoàn thành cơ bản; một số nội dung còn chậm so với kế hoạch."]
SHEET_COLUMNS = ("created_at", "updated_at", "sheet_id", "criterion_id", "points", "explanation", "change_reason")


@dataclass
class EvaluationData:
    """What the evaluation measurements need to know about the rows just built."""

    campaign_id: int
    year: int
    scheme_id: int
    launch_deadline_id: int  # the tie rule's launch document (and the penalty's deadline)
    cluster_id: int  # the cluster whose ranking is measured
    round_id: int
    bands: list[dict]  # the scheme's, best first
    counts: dict[str, int]


def _q(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _scheme(campaign: Campaign, deadline: Deadline) -> ScoringScheme:
    """Nine groups (one per content area where there are enough), each with its share of the indicators and one
    manual criterion, then the bonus and the penalty: through the service, so the scheme is a valid one."""
    indicators = list(campaign.indicators.order_by("content_area__order", "code"))
    titles = [a.title for a in campaign.contents.order_by("order")]
    titles += [t for t in names.CONTENT_TITLES if t not in titles]
    criteria = []
    for g, points in enumerate(GROUP_POINTS):
        group = str(g + 1)
        mine = indicators[g::len(GROUP_POINTS)]
        share = _q(Decimal(points) * INDICATOR_SHARE / len(mine)) if mine else Decimal(0)
        criteria.append({"code": group, "title": titles[g % len(titles)], "kind": CriterionKind.GROUP,
                         "max_points": points})
        for number, indicator in enumerate(mine, start=1):
            criteria.append({"code": f"{group}.{number}", "title": indicator.name, "kind": CriterionKind.INDICATOR,
                             "max_points": share, "parent": group, "indicator": indicator,
                             "guidance": "Điểm = điểm tối đa × mức độ hoàn thành chỉ tiêu (0–100%)."})
        criteria.append({"code": f"{group}.{len(mine) + 1}", "parent": group, "kind": CriterionKind.MANUAL,
                         "title": "Công tác chỉ đạo, tổ chức thực hiện, tuyên truyền nội dung thi đua",
                         "max_points": Decimal(points) - share * len(mine),
                         "guidance": "Căn cứ kế hoạch, văn bản chỉ đạo, báo cáo kết quả và minh chứng kèm theo."})
    criteria.append({"code": "10", "title": "Điểm thưởng: sáng kiến, mô hình hay, cách làm sáng tạo được nhân rộng",
                     "kind": CriterionKind.BONUS, "max_points": BONUS_POINTS})
    criteria.append({"code": "11", "title": "Điểm trừ: không gửi văn bản phát động đúng thời hạn",
                     "kind": CriterionKind.PENALTY, "max_points": PENALTY_POINTS,
                     "penalty_rule": PenaltyRule.LATE_SUBMISSION, "deadline": deadline})
    return services.scheme_create(by=None, campaign=campaign, title=f"Bảng điểm thi đua {campaign.title}"[:300],
                                  criteria=criteria, bands=BANDS, launch_deadline=deadline)


def _insert_entries(rows: list[tuple]) -> None:
    """``rows`` in ``SHEET_COLUMNS`` order: one COPY on PostgreSQL, one executemany elsewhere."""
    table = ScoreEntry._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in SHEET_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(SHEET_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                               [(*row[:4], str(row[4]), *row[5:]) for row in rows])


def _sheets(scheme: ScoringScheme, office: User, rng: random.Random, step) -> dict[str, int]:
    criteria = [c for c in scheme.criteria.order_by("order", "id") if c.kind != CriterionKind.GROUP]
    kinds = {c.pk: c.kind for c in criteria}
    manual = [c for c in criteria if c.kind == CriterionKind.MANUAL]
    bonus = next(c for c in criteria if c.kind == CriterionKind.BONUS)
    unit_ids = scheme_participants(scheme)
    computed = computed_points(scheme, unit_ids)
    closed = timezone.make_aware(datetime.datetime(2025, 12, 5, 9, 0))

    # (unit, stage, status, revision, is_current, points {criterion: (points, explanation, reason)}, reason)
    planned: list[tuple] = []
    for n, unit_id in enumerate(unit_ids):
        story = STORIES[n % len(STORIES)]
        own = {}
        for c in criteria:
            if c.kind == CriterionKind.MANUAL:
                value = _q(c.max_points * Decimal(rng.randint(140, 200)) / 200)
                own[c.pk] = (value, EXPLANATIONS[(n + c.order) % len(EXPLANATIONS)], "")
            elif c.kind == CriterionKind.BONUS:
                value = Decimal(rng.choice([0, 0, 10, 10, 20, 30, 40, 50]))
                own[c.pk] = (value, f"{int(value) // 10} sáng kiến được công nhận." if value else "", "")
            else:
                value, why = computed.get((unit_id, c.pk), (Decimal(0), ""))
                own[c.pk] = (value, why, "")
        if story == "self_draft":
            planned.append((unit_id, Stage.SELF, SheetStatus.DRAFT, 0, True, own, ""))
            continue
        checked = dict(own)
        if n % CLUSTER_CHANGE_EVERY == 0 and manual:
            c = manual[n % len(manual)]
            value = max(Decimal(0), own[c.pk][0] - Decimal(5))
            checked[c.pk] = (value, own[c.pk][1], "Minh chứng chưa đầy đủ, đề nghị trừ 5 điểm.")
        if story == "returned":
            planned.append((unit_id, Stage.SELF, SheetStatus.RETURNED, 0, True, own,
                            "Đề nghị bổ sung minh chứng cho các tiêu chí tự chấm điểm tối đa."))
            planned.append((unit_id, Stage.CLUSTER, SheetStatus.DRAFT, 0, False, checked, ""))
            continue
        planned.append((unit_id, Stage.SELF, SheetStatus.SUBMITTED, 0, True, own, ""))
        if story == "self_submitted":
            planned.append((unit_id, Stage.CLUSTER, SheetStatus.DRAFT, 0, True, checked, ""))
            continue
        planned.append((unit_id, Stage.CLUSTER, SheetStatus.SUBMITTED, 0, True, checked, ""))
        council = {pk: (p, why, "") for pk, (p, why, _reason) in checked.items()}
        if story == "cluster_submitted":
            planned.append((unit_id, Stage.COUNCIL, SheetStatus.DRAFT, 0, True, council, ""))
            continue
        if n % COUNCIL_CHANGE_EVERY == 0 and council[bonus.pk][0] >= 10:
            council[bonus.pk] = (council[bonus.pk][0] - 10, council[bonus.pk][1],
                                 "Một sáng kiến chưa được cấp có thẩm quyền công nhận.")
        planned.append((unit_id, Stage.COUNCIL, SheetStatus.PUBLISHED, 1, story != "corrected", council, ""))
        if story == "corrected":
            fixed = dict(council)
            fixed[bonus.pk] = (min(Decimal(BONUS_POINTS), council[bonus.pk][0] + 10), council[bonus.pk][1],
                               "Bổ sung sáng kiến được công nhận sau khi công bố.")
            planned.append((unit_id, Stage.COUNCIL, SheetStatus.PUBLISHED, 2, True, fixed,
                            "Đính chính: bổ sung điểm thưởng theo quyết định công nhận sáng kiến."))

    sheets = []
    for k, (unit_id, stage, status, revision, current, points, reason) in enumerate(planned):
        total = sum((p for pk, (p, _w, _r) in points.items()), Decimal(0))
        indicator = sum((p for pk, (p, _w, _r) in points.items() if kinds[pk] == CriterionKind.INDICATOR),
                        Decimal(0))
        sent = status in (SheetStatus.SUBMITTED, SheetStatus.RETURNED, SheetStatus.PUBLISHED)
        sheets.append(ScoreSheet(
            scheme=scheme, unit_id=unit_id, stage=stage, status=status, revision=revision, is_current=current,
            version=3 if sent else 2, total=total, indicator_points=indicator,
            return_reason=reason if status == SheetStatus.RETURNED else "",
            correction_reason=reason if revision > 1 else "",
            submitted_at=closed + datetime.timedelta(hours=k % 97) if sent else None,
            submitted_by=office if stage == Stage.COUNCIL and sent else None))
    sheets = ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [(now, now, sheet.pk, pk, p, why, reason)
            for sheet, plan in zip(sheets, planned, strict=True) for pk, (p, why, reason) in plan[5].items()]
    _insert_entries(rows)

    sheet_type = ContentType.objects.get_for_model(ScoreSheet)
    actions = {SheetStatus.SUBMITTED: "evaluation.sheet.submitted", SheetStatus.RETURNED: "evaluation.sheet.returned",
               SheetStatus.PUBLISHED: "evaluation.sheet.published"}
    events = [AuditEvent(actor=office, action="evaluation.sheet.corrected" if s.revision > 1 else actions[s.status],
                         target_type=sheet_type, target_id=s.pk, target_repr=f"bench sheet {s.pk}",
                         data={"stage": s.stage, "total": str(s.total)})
              for s in sheets if s.status in actions]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    by_story = dict.fromkeys(STORIES, 0)
    for n in range(len(unit_ids)):
        by_story[STORIES[n % len(STORIES)]] += 1
    step(f"scoring scheme ({len(criteria)} criteria taking points), {len(sheets)} score sheets for {len(unit_ids)} "
         f"participants ({', '.join(f'{n} {s}' for s, n in by_story.items())}), {len(rows)} entries, "
         f"{len(events)} audit events")
    return {"participants": len(unit_ids), "criteria": len(criteria), "sheets": len(sheets),
            "sheets_current": sum(s.is_current for s in sheets), "entries": len(rows),
            **{f"story_{s}": n for s, n in by_story.items()}}


def _round(scale: Scale, campaign: Campaign, cluster_id: int, root: Unit, office: User, rng: random.Random,
           step) -> tuple[VotingRound, dict[str, int]]:
    """The council's suy tôn vote: closed, quorum met, counters and voters as ``ballot_cast`` leaves them."""
    members = [User(username=f"bench_council_{i + 1:04d}", first_name="Ủy viên", last_name=f"Hội đồng {i + 1}")
               for i in range(scale.council_members)]
    for user in members:
        user.set_unusable_password()
    members = User.objects.bulk_create(members, batch_size=BATCH)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.COUNCIL_MEMBER, unit=root) for u in members],
                                       batch_size=BATCH)
    candidates = list(ClusterMembership.objects.filter(cluster_id=cluster_id, year=campaign.year)
                      .order_by("unit_id").values_list("unit_id", flat=True)[:CANDIDATES])
    opens = timezone.make_aware(datetime.datetime(2025, 12, 20, 8, 0))
    voting_round = VotingRound.objects.create(
        campaign=campaign, cluster=None, question="Suy tôn đơn vị dẫn đầu phong trào thi đua năm 2025",
        electorate_kind=Electorate.COUNCIL_MEMBERS, award=AwardQuota.NONE, max_choices=min(5, len(candidates)),
        threshold_percent=Decimal(50), quorum_percent=Decimal("66.67"), electorate_size=len(members),
        opens_at=opens, closes_at=opens + datetime.timedelta(hours=3), created_by=office)
    # Each ballot chooses three to five candidates, the first ones more often (so a few pass 50 %).
    weights = [1 / (k + 1) ** 1.2 for k in range(len(candidates))]
    votes = [0] * len(candidates)
    voters = members[:round(len(members) * TURNOUT)]
    for _ in voters:
        pool, chosen = list(range(len(candidates))), []
        for _pick in range(min(rng.randint(3, 5), voting_round.max_choices)):
            k = rng.choices(pool, [weights[i] for i in pool])[0]
            pool.remove(k)
            chosen.append(k)
        for k in chosen:
            votes[k] += 1
    Candidate.objects.bulk_create([Candidate(round=voting_round, unit_id=u, votes=v)
                                   for u, v in zip(candidates, votes, strict=True)])
    BallotCast.objects.bulk_create([BallotCast(round=voting_round, voter_user=u) for u in voters], batch_size=BATCH)
    passed = sum(v * 100 >= 50 * len(members) for v in votes)
    step(f"voting round: {len(members)} council members, {len(voters)} ballots cast, {len(candidates)} candidates "
         f"({passed} reach 50 %)")
    return voting_round, {"council_members": len(members), "ballots": len(voters), "candidates": len(candidates)}


def build_evaluation(scale: Scale, campaign: Campaign, deadline: Deadline, cluster_id: int, root: Unit,
                     office: User, step, seed: int = 2026) -> EvaluationData:
    rng = random.Random(seed)
    scheme = _scheme(campaign, deadline)
    counts = _sheets(scheme, office, rng, step)
    ScoringScheme.objects.filter(pk=scheme.pk).update(opened_at=timezone.now())
    AuditEvent.objects.create(actor=office, action="evaluation.scheme.opened",
                              target_type=ContentType.objects.get_for_model(ScoringScheme), target_id=scheme.pk,
                              target_repr=str(scheme)[:300], data={"sheets": counts["participants"]})
    voting_round, voted = _round(scale, campaign, cluster_id, root, office, rng, step)
    return EvaluationData(
        campaign_id=campaign.pk, year=campaign.year, scheme_id=scheme.pk, launch_deadline_id=deadline.pk,
        cluster_id=cluster_id, round_id=voting_round.pk, bands=scheme.bands,
        counts={**counts, **voted, "criteria_rows": Criterion.objects.filter(scheme=scheme).count()},
    )
