"""Build a synthetic province with ``bulk_create``.

The per-row services (``org.services.unit_create`` and friends) check permissions, validate and write an audit
event for every row: right for users, far too slow for 10,000 units. The benchmark measures reads, so here rows
go in with ``bulk_create``, with the same derived values the services compute (``search_text`` folded exactly as
``org/services.py`` and ``campaigns/services.py`` do) and with audit events written in bulk, so the history
panels have realistic rows to show.
"""

from __future__ import annotations

import datetime
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.campaigns.enums import (
    CampaignKind,
    CampaignStatus,
    ReceiptDecision,
    RecipientKind,
    SubmissionStatus,
)
from thidua.campaigns.models import (
    Campaign,
    ContentArea,
    Deadline,
    DistributionEntry,
    Participation,
    Receipt,
    Recipient,
    Submission,
    SubmissionVersion,
)
from thidua.core.models import AuditEvent
from thidua.core.text import fold
from thidua.org.enums import ClusterKind, UnitKind
from thidua.org.models import Cluster, ClusterMembership, Unit

from . import names
from .evaluation import EvaluationData, build_evaluation
from .indicators import ProgressData, build_progress
from .scales import Scale

YEAR = 2025
BATCH = 1000
#: One unit in this many takes part directly instead of through a cluster (and has no membership that year).
DIRECT_EVERY = 50
#: Of every ten participants of the overview deadline, those in these slots have sent nothing (70 % have sent).
UNSENT_SLOTS = (2, 5, 8)
#: What happened to each submission, in turn (20 slots: 30 % wait for both receipts, 10 % for the office's only,
#: 35 % accepted by both, 15 % returned, 10 % returned and sent again, version 2 waiting).
STORIES = ("pending", "accepted", "returned", "half", "accepted", "resubmitted", "pending", "accepted", "pending",
           "returned", "accepted", "pending", "half", "accepted", "resubmitted", "pending", "accepted", "returned",
           "pending", "accepted")
#: One submission in this many arrived after the due date (about 14 %).
LATE_EVERY = 7

Say = Callable[[str], None]


@dataclass
class BenchData:
    """What the measurements need to know about the data just built."""

    scale: Scale
    year: int
    office: User  # council_office: sees everything, so pages show the whole province
    clerk: User  # unit_clerk of one unit, for scoping checks
    token: str  # raw bearer token of ``office``
    campaign_id: int  # the campaign whose detail page is measured (the one with most deadlines)
    deadline_id: int  # the deadline whose overview is measured: every participant, ~70 % of them submitted
    cluster_id: int  # the cluster whose detail page is measured (the one with most members)
    unit_query: str  # a folded two-word query that matches a few dozen units per thousand
    progress: ProgressData  # indicators, targets and monthly values of the campaign ``campaign_id``
    counts: dict[str, int] = field(default_factory=dict)
    evaluation: EvaluationData | None = None  # scheme, score sheets and a voting round of ``campaign_id``


def _progress(say: Say):
    started = time.perf_counter()

    def step(message: str) -> None:
        say(f"  [{time.perf_counter() - started:6.1f}s] {message}")

    return step


def _short_name(name: str) -> str:
    for prefix, short in names.SHORT_PREFIXES.items():
        if name.startswith(prefix):
            return (short + name[len(prefix):]).split(",")[0]
    return name.split(",")[0][:120]


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    unit = Unit(code=code, name=name[:255], short_name=_short_name(name), kind=kind, parent=parent,
                valid_from=datetime.date(2021, 1, 1))
    # Same folding as org.services._unit_search_text.
    unit.search_text = fold(f"{unit.name} {unit.short_name} {unit.code}")
    return unit


def _district_names(count: int) -> list[str]:
    pool = list(dict.fromkeys(names.DISTRICTS + names.PLACES))
    return [pool[i % len(pool)] + (f" {i // len(pool) + 1}" if i >= len(pool) else "") for i in range(count)]


def _build_units(scale: Scale, rng: random.Random, step) -> tuple[Unit, list[Unit], list[Unit]]:
    """The province, its districts and departments, then everything else; returns (root, districts, all)."""
    root = _unit("DV-TINH", "Ủy ban nhân dân tỉnh Kinh Bắc", UnitKind.PROVINCE, None)
    root.short_name = "UBND tỉnh Kinh Bắc"
    root.search_text = fold(f"{root.name} {root.short_name} {root.code}")
    root.save()

    n_districts = max(2, min(scale.units // 40, scale.units // 4))
    district_names = _district_names(n_districts)
    districts = Unit.objects.bulk_create(
        [_unit(f"DV-H{i + 1:04d}", f"UBND huyện {d}", UnitKind.LOCALITY, root) for i, d in enumerate(district_names)],
        batch_size=BATCH,
    )
    remaining = scale.units - 1 - n_districts
    places = list(dict.fromkeys(names.PLACES))
    weights = [t[2] for t in names.UNIT_TEMPLATES]
    seen = {u.name for u in districts}
    specs: list[tuple[str, str, str | None, int]] = []  # (name, kind, parent rule, district index)
    for _ in range(remaining):
        for attempt in range(30):
            template, kind, _share, parent_rule = rng.choices(names.UNIT_TEMPLATES, weights)[0]
            d_index = rng.randrange(n_districts)
            sector = rng.choice(names.SECTORS)
            name = template.format(p=rng.choice(places), d=district_names[d_index], n=rng.choice(names.PERSONS),
                                   s0=sector[0], s1=sector[1])
            if name not in seen or attempt == 29:
                break
        if name in seen:
            name = f"{name} (cơ sở {len(specs)})"
        seen.add(name)
        specs.append((name, kind, parent_rule, d_index))

    # Departments first (other units may hang under them), then the rest.
    departments = Unit.objects.bulk_create(
        [_unit(f"DV-S{i + 1:05d}", name, kind, root)
         for i, (name, kind, rule, _d) in enumerate(s for s in specs if s[2] == "province")],
        batch_size=BATCH,
    )
    others = []
    for i, (name, kind, rule, d_index) in enumerate(s for s in specs if s[2] != "province"):
        if rule == "district":
            parent = districts[d_index]
        elif rule == "department":
            parent = rng.choice(departments) if departments else root
        else:
            parent = None
        others.append(_unit(f"DV-{i + 1:05d}", name, kind, parent))
    others = Unit.objects.bulk_create(others, batch_size=BATCH)
    units = [root, *districts, *departments, *others]
    step(f"{len(units)} units ({n_districts} districts, {len(departments)} departments)")
    return root, districts, units


_BLOCK_LABELS = {
    UnitKind.DEPARTMENT: "các sở, ban, ngành", UnitKind.OTHER: "các đơn vị sự nghiệp",
    UnitKind.CENTRAL_AGENCY: "các cơ quan Trung ương", UnitKind.MASS_ORGANISATION: "các đoàn thể",
    UnitKind.PRESS: "báo chí, phát thanh", UnitKind.ENTERPRISE: "các doanh nghiệp",
}


def _chunks(items: list, parts: int) -> list[list]:
    """``items`` cut into ``parts`` contiguous, nearly equal slices (neighbours share a cluster)."""
    if parts <= 0:
        return []
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _build_clusters(scale: Scale, root: Unit, units: list[Unit], step) -> tuple[list[Cluster], list[Unit]]:
    """Localities go into clusters (cụm), everyone else into blocks (khối); a few units stay outside."""
    eligible = [u for u in units if u is not root]
    direct = eligible[DIRECT_EVERY - 1 :: DIRECT_EVERY] or eligible[-1:]
    direct_ids = {id(u) for u in direct}
    eligible = [u for u in eligible if id(u) not in direct_ids]
    localities = sorted((u for u in eligible if u.kind == UnitKind.LOCALITY),
                        key=lambda u: (u.parent_id or 0, u.name))
    sectors = sorted((u for u in eligible if u.kind != UnitKind.LOCALITY), key=lambda u: (u.kind, u.name))
    n_cum = round(scale.clusters * len(localities) / max(1, len(eligible)))
    n_cum = min(max(n_cum, 1), scale.clusters - 1) if scale.clusters > 1 else scale.clusters
    groups = [(ClusterKind.CLUSTER, g) for g in _chunks(localities, n_cum)]
    groups += [(ClusterKind.BLOCK, g) for g in _chunks(sectors, scale.clusters - n_cum)]

    clusters, members = [], []
    for k, (kind, group) in enumerate(groups, start=1):
        if kind == ClusterKind.CLUSTER:
            area = group[0].name.split("huyện ")[-1] if group else ""
            name = f"Cụm thi đua số {k} – khu vực {area}"
        else:
            label = _BLOCK_LABELS.get(group[0].kind if group else "", "các đơn vị")
            name = f"Khối thi đua số {k} – {label}"
        clusters.append(Cluster(name=name[:255], kind=kind, year=YEAR,
                                head_unit=group[0] if group else None,
                                deputy_unit=group[1] if len(group) > 1 else None))
        members.append(group)
    clusters = Cluster.objects.bulk_create(clusters, batch_size=BATCH)
    ClusterMembership.objects.bulk_create(
        [ClusterMembership(cluster=c, unit=u, year=c.year) for c, group in zip(clusters, members, strict=True)
         for u in group],
        batch_size=BATCH,
    )
    step(f"{len(clusters)} clusters and blocks ({n_cum} clusters), {sum(map(len, members))} memberships, "
         f"{len(direct)} units outside any cluster")
    return clusters, direct


def _build_campaigns(scale: Scale, root: Unit, clusters: list[Cluster], direct: list[Unit], step
                     ) -> list[Campaign]:
    kinds = list(CampaignKind.values)
    campaigns = []
    for c in range(scale.campaigns):
        title = names.CAMPAIGN_TITLES[c % len(names.CAMPAIGN_TITLES)]
        if c >= len(names.CAMPAIGN_TITLES):
            title += f" (đợt {c // len(names.CAMPAIGN_TITLES) + 1})"
        starts = datetime.date(YEAR, 1 + c % 6, 1)
        campaign = Campaign(
            code=f"KH-{YEAR}-{c + 1:03d}", title=title, year=YEAR, kind=kinds[c % len(kinds)],
            status=CampaignStatus.LAUNCHED, starts_on=starts, ends_on=datetime.date(YEAR, 12, 31),
            theme="Đoàn kết, kỷ cương, đổi mới, sáng tạo, quyết tâm hoàn thành thắng lợi nhiệm vụ năm " + str(YEAR),
            plan_number=str(100 + c), plan_symbol="KH-UBND", issued_on=starts - datetime.timedelta(days=7),
            place="Kinh Bắc", issuer=root, signer_name="Nguyễn Văn Đức", signer_title="Chủ tịch",
            legal_basis=names.LEGAL_BASIS, preamble=names.CONTENT_BODY, purpose=names.CONTENT_BODY,
            requirements=names.CONTENT_BODY, implementation=names.CONTENT_BODY,
        )
        # Same folding as campaigns.services._campaign_search_text.
        campaign.search_text = fold(f"{campaign.code} {campaign.title} {campaign.theme}")[:600]
        campaigns.append(campaign)
    campaigns = Campaign.objects.bulk_create(campaigns)

    ContentArea.objects.bulk_create(
        [ContentArea(campaign=campaign, order=o + 1,
                     title=names.CONTENT_TITLES[(c + o) % len(names.CONTENT_TITLES)], body=names.CONTENT_BODY)
         for c, campaign in enumerate(campaigns) for o in range(scale.content_areas)],
        batch_size=BATCH,
    )
    deadlines = []
    for k in range(scale.deadlines):
        campaign = campaigns[k % len(campaigns)]
        nth = k // len(campaigns)
        deadlines.append(Deadline(
            campaign=campaign, code=f"TH-{nth + 1:03d}",
            title=names.DEADLINE_TITLES[nth % len(names.DEADLINE_TITLES)] + (f" (lần {nth + 1})" if nth else ""),
            description="Gửi bằng văn bản và qua hệ thống quản lý văn bản điều hành.",
            due_on=campaign.starts_on + datetime.timedelta(days=7 * (nth + 1) % 330),
        ))
    deadlines = Deadline.objects.bulk_create(deadlines, batch_size=BATCH)
    recipients = []
    for k, deadline in enumerate(deadlines):
        recipients.append(Recipient(deadline=deadline, kind=RecipientKind.CLUSTER_HEAD))
        recipients.append(Recipient(deadline=deadline, kind=RecipientKind.COUNCIL_OFFICE))
        # The first deadline (the first campaign's, measured by the overview cases) keeps the seed's two
        # recipients: the sender's cluster/block head and the council office.
        if k % 4 == 0 and k > 0:
            recipients.append(Recipient(deadline=deadline, kind=RecipientKind.UNIT, unit=root))
    Recipient.objects.bulk_create(recipients, batch_size=BATCH)

    # Every campaign is province-wide: all clusters and blocks, plus the units outside any cluster.
    Participation.objects.bulk_create(
        [Participation(campaign=campaign, cluster=cluster) for campaign in campaigns for cluster in clusters]
        + [Participation(campaign=campaign, unit=unit) for campaign in campaigns for unit in direct],
        batch_size=BATCH,
    )
    DistributionEntry.objects.bulk_create(
        [DistributionEntry(campaign=campaign, order=o + 1, name=name, purpose=purpose, level=1 if o else 0)
         for campaign in campaigns for o, (name, purpose) in enumerate(names.DISTRIBUTION)],
        batch_size=BATCH,
    )
    step(f"{len(campaigns)} campaigns × {scale.content_areas} content areas, {len(deadlines)} deadlines, "
         f"{len(recipients)} recipients, {len(campaigns) * (len(clusters) + len(direct))} participations")
    return campaigns


def _build_submissions(deadline: Deadline, office: User, clerk: User, rng: random.Random, step) -> dict[str, int]:
    """Submissions, versions and receipts for ``deadline`` as the services would leave them.

    The deadline's campaign is province-wide, so its participants are every cluster/block member plus the units
    taking part directly. 70 % of them have sent: some wait for their receipts, some are accepted by both
    recipients, some are returned (with a reason), some were returned and sent again (version 2 waiting); about
    14 % were late. The pattern is fixed (not drawn at random), so even the tiny scale has every kind. A unit outside
    any cluster has no cluster head to receive it, so it is never accepted (as with the services).
    Files are not written: ``file`` holds a generated name only (the overview never opens a file).
    """
    campaign = deadline.campaign
    recipients = {r.kind: r for r in Recipient.objects.filter(deadline=deadline)}
    head_recipient, office_recipient = recipients[RecipientKind.CLUSTER_HEAD], recipients[RecipientKind.COUNCIL_OFFICE]
    clusters = {c.pk: c for c in Cluster.objects.filter(year=campaign.year)}
    senders = [(unit_id, clusters[cluster_id]) for unit_id, cluster_id in
               ClusterMembership.objects.filter(year=campaign.year).order_by("unit_id")
               .values_list("unit_id", "cluster_id")]
    senders += [(unit_id, None) for unit_id in
                Participation.objects.filter(campaign=campaign, unit__isnull=False).order_by("unit_id")
                .values_list("unit_id", flat=True)]
    # The first late instant: midnight after the due date, local time.
    closes_at = timezone.make_aware(datetime.datetime.combine(deadline.due_on + datetime.timedelta(days=1),
                                                              datetime.time.min))
    submissions, story = [], []
    sent = 0
    for i, (unit_id, cluster) in enumerate(senders):
        if i % 10 in UNSENT_SLOTS:
            continue
        kind = STORIES[sent % len(STORIES)]
        if cluster is None and kind in ("half", "accepted"):
            kind = "pending"
        late = sent % LATE_EVERY == LATE_EVERY // 2
        sent += 1
        first = closes_at + datetime.timedelta(hours=rng.randint(1, 120)) if late else \
            closes_at - datetime.timedelta(hours=rng.randint(2, 240))
        status = {"accepted": SubmissionStatus.ACCEPTED, "returned": SubmissionStatus.RETURNED}.get(
            kind, SubmissionStatus.SUBMITTED)
        submissions.append(Submission(deadline=deadline, unit_id=unit_id, status=status, late=late,
                                      latest_version=2 if kind == "resubmitted" else 1, first_submitted_at=first))
        head = None
        if cluster is not None:
            head = cluster.deputy_unit_id if cluster.head_unit_id == unit_id else cluster.head_unit_id
        story.append((kind, head, first))
    submissions = Submission.objects.bulk_create(submissions, batch_size=BATCH)

    versions: list[SubmissionVersion] = []
    for n, (submission, (_kind, _head, first)) in enumerate(zip(submissions, story, strict=True)):
        for number in range(1, submission.latest_version + 1):
            at = first + datetime.timedelta(days=3 * (number - 1))
            versions.append(SubmissionVersion(
                submission=submission, number=number, document_number=f"{100 + n}/KH-UBND",
                document_date=deadline.due_on - datetime.timedelta(days=5), signer="Nguyễn Văn Bình",
                summary=f"Kế hoạch phát động thi đua {campaign.title}"[:500],
                file=f"submissions/{deadline.pk}/{secrets.token_hex(16)}.pdf", original_name=f"ke-hoach-{n}.pdf",
                extension="pdf", content_type="application/pdf", size=180_000 + n, sha256="0" * 64,
                submitted_at=at, submitted_by=clerk, late=deadline.is_late(at)))
    versions = SubmissionVersion.objects.bulk_create(versions, batch_size=BATCH)
    by_submission: dict[int, list[SubmissionVersion]] = {}
    for version in versions:
        by_submission.setdefault(version.submission_id, []).append(version)

    receipts = []
    reason = "Thiếu chữ ký, đóng dấu; đề nghị gửi lại."

    def receipt(version, recipient, decision, unit_id, hours):
        receipts.append(Receipt(
            version=version, recipient=recipient, recipient_unit_id=unit_id, decision=decision,
            reason=reason if decision == ReceiptDecision.RETURN else "",
            decided_by=office if recipient is office_recipient else clerk,
            decided_at=version.submitted_at + datetime.timedelta(hours=hours)))

    for submission, (kind, head, _first) in zip(submissions, story, strict=True):
        first_version, *rest = by_submission[submission.pk]
        if kind == "half":
            receipt(first_version, head_recipient, ReceiptDecision.ACCEPT, head, 4)
        elif kind == "accepted":
            receipt(first_version, head_recipient, ReceiptDecision.ACCEPT, head, 4)
            receipt(first_version, office_recipient, ReceiptDecision.ACCEPT, None, 20)
        elif kind in ("returned", "resubmitted"):
            by_head = head is not None and submission.pk % 2 == 0
            if by_head:  # the head returned it; the office had accepted it meanwhile
                receipt(first_version, head_recipient, ReceiptDecision.RETURN, head, 6)
                receipt(first_version, office_recipient, ReceiptDecision.ACCEPT, None, 3)
            else:
                receipt(first_version, office_recipient, ReceiptDecision.RETURN, None, 24)
            if kind == "resubmitted" and head is not None:  # the head has already accepted version 2
                receipt(rest[0], head_recipient, ReceiptDecision.ACCEPT, head, 2)
    Receipt.objects.bulk_create(receipts, batch_size=BATCH)

    submission_type = ContentType.objects.get_for_model(Submission)
    deadline_type = ContentType.objects.get_for_model(Deadline)
    events = [AuditEvent(actor=office, action="campaigns.deadline.created", target_type=deadline_type,
                         target_id=deadline.pk, target_repr=str(deadline)[:300], data={"code": deadline.code})]
    events += [AuditEvent(actor=clerk, action="campaigns.submission.submitted" if v.number == 1 else
                          "campaigns.submission.resubmitted", target_type=submission_type,
                          target_id=v.submission_id, target_repr=f"bench submission {v.submission_id}",
                          data={"version": v.number, "late": v.late}) for v in versions]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    counts = {"participants": len(senders), "submissions": len(submissions), "versions": len(versions),
              "receipts": len(receipts)}
    by_status = {s: sum(1 for x in submissions if x.status == s) for s in SubmissionStatus.values}
    step(f"deadline {deadline.code} of {campaign.code}: {len(senders)} participants, {len(submissions)} "
         f"submissions ({', '.join(f'{n} {s}' for s, n in by_status.items())}, "
         f"{sum(x.late for x in submissions)} late), {len(versions)} versions, {len(receipts)} receipts")
    return {**counts, **{f"submissions_{s}": n for s, n in by_status.items()}}


def _build_users(root: Unit, clerk_unit: Unit) -> tuple[User, User, str]:
    office = User(username="bench_office", first_name="Văn phòng", last_name="Thường trực HĐTĐKT")
    clerk = User(username="bench_clerk", first_name="Cán bộ", last_name="thi đua")
    for user in (office, clerk):
        user.set_unusable_password()  # the benchmark signs in with force_login and a token
    office, clerk = User.objects.bulk_create([office, clerk])
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user=office, role=Role.COUNCIL_OFFICE, unit=root),
        RoleAssignment(user=clerk, role=Role.UNIT_CLERK, unit=clerk_unit),
    ])
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=office, key_hash=ApiToken.hash(raw),
                            expires_at=timezone.now() + datetime.timedelta(days=1))
    return office, clerk, raw


def _build_audit(office: User, campaigns: list[Campaign], clusters: list[Cluster], scale: Scale, step) -> int:
    """The events the services would have written, so history panels are as full as in real use."""
    campaign_type = ContentType.objects.get_for_model(Campaign)
    cluster_type = ContentType.objects.get_for_model(Cluster)
    per_campaign = (["campaigns.campaign.created"] + ["campaigns.content_area.added"] * scale.content_areas
                    + ["campaigns.deadline.created"] * (scale.deadlines // max(1, len(campaigns)))
                    + ["campaigns.participation.added"] * len(clusters)
                    + ["campaigns.distribution.added"] * len(names.DISTRIBUTION) + ["campaigns.campaign.launched"])
    events = [
        AuditEvent(actor=office, action=action, target_type=campaign_type, target_id=c.pk,
                   target_repr=str(c)[:300], data={"bench": True})
        for c in campaigns for action in per_campaign
    ]
    events += [
        AuditEvent(actor=office, action="org.cluster.created", target_type=cluster_type, target_id=c.pk,
                   target_repr=str(c)[:300], data={"kind": c.kind, "year": c.year})
        for c in clusters
    ]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    step(f"{len(events)} audit events")
    return len(events)


@transaction.atomic
def build(scale: Scale, *, say: Say = lambda _: None, seed: int = 2021) -> BenchData:
    """Create the whole synthetic province in the current database (which must hold no thidua data yet)."""
    if Unit.objects.exists() or Campaign.objects.exists():
        raise RuntimeError("the database already holds units or campaigns; build() wants an empty one")
    rng = random.Random(seed)
    step = _progress(say)
    root, districts, units = _build_units(scale, rng, step)
    clusters, direct = _build_clusters(scale, root, units, step)
    campaigns = _build_campaigns(scale, root, clusters, direct, step)
    clerk_unit = clusters[0].head_unit or districts[0]
    office, clerk, token = _build_users(root, clerk_unit)
    step("users bench_office (council_office) and bench_clerk (unit_clerk), one API token")
    audit = _build_audit(office, campaigns, clusters, scale, step)
    deadline = Deadline.objects.select_related("campaign").filter(campaign=campaigns[0]).order_by("id").first()
    submitted = _build_submissions(deadline, office, clerk, rng, step)
    progress = build_progress(scale, campaigns[0], office, clerk, step)

    member_counts = {}
    for cluster_id in ClusterMembership.objects.values_list("cluster_id", flat=True):
        member_counts[cluster_id] = member_counts.get(cluster_id, 0) + 1
    cluster_id = max(member_counts, key=lambda pk: (member_counts[pk], -pk))
    evaluation = build_evaluation(scale, campaigns[0], deadline, cluster_id, root, office, step)
    return BenchData(
        scale=scale, year=YEAR, office=office, clerk=clerk, token=token,
        campaign_id=campaigns[0].pk,
        deadline_id=deadline.pk,
        cluster_id=cluster_id,
        unit_query=fold(districts[0].name.removeprefix("UBND huyện ")),
        progress=progress,
        counts={"units": len(units), "clusters": len(clusters), "campaigns": len(campaigns),
                "memberships": sum(member_counts.values()), "audit_events": audit, **submitted,
                **progress.counts, **{f"evaluation_{k}": n for k, n in evaluation.counts.items()}},
        evaluation=evaluation,
    )
