"""Build the demo province through the same services the application uses, so the audit log is complete."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from importlib import resources

from django.db import transaction

from thidua.accounts import services as accounts
from thidua.accounts.models import User
from thidua.campaigns import services as campaigns
from thidua.campaigns.enums import CampaignKind, CampaignStatus, RecipientKind
from thidua.campaigns.models import Campaign
from thidua.core.audit import log_action
from thidua.documents.plan_text import parse_plan
from thidua.org import services as org
from thidua.org.enums import LineageKind, UnitKind
from thidua.org.models import Unit

from . import data
from .awards import load_awards
from .evaluation import load_evaluation
from .indicators import load_indicators
from .live import load_live_year

SEED_FILE = "ke-hoach-thi-dua-nuoc-rut-bac-giang-2021.txt"
CAMPAIGN_CODE = "NR-2021"


def seed_text() -> str:
    return resources.files("thidua.demo").joinpath("seed", SEED_FILE).read_text(encoding="utf-8")


def demo_loaded() -> bool:
    return Campaign.objects.filter(code=CAMPAIGN_CODE).exists()


@transaction.atomic
def load_demo(*, say: Callable[[str], None] = lambda _: None, live_on: datetime.date | None = None) -> Campaign:
    """Create units, clusters, the seed's campaign and the demo users. Refuses to run twice. With ``live_on`` (the
    ``demo`` command passes today) the seed's plan is also launched as that year's campaign (``demo.live``), its
    deadlines ahead; the tests build on the 2021 campaign alone unless they ask for the live year."""
    if demo_loaded():
        raise RuntimeError("demo already loaded")
    units = _load_units()
    say(f"{len(units)} units")
    clusters = _load_clusters(units)
    say(f"{len(clusters)} clusters and blocks for 2021")
    campaign = _load_campaign(units, clusters)
    say(f"campaign {campaign.code}: {campaign.contents.count()} content areas")
    counts = load_indicators(campaign)
    say(f"{counts['indicators']} indicators, {counts['targets']} targets, {counts['entries']} progress values")
    sheets = load_evaluation(campaign, launch_deadline_code="VB-PHAT-DONG")
    say(f"scoring scheme with evaluation open: {sheets} draft self-assessments")
    _load_people(units)
    _load_users(units)
    _load_document_wording()
    counts = load_awards(campaign, units)
    say(f"commendations: {counts['holidays']} holidays, {counts['people']} people with their history, "
        f"{counts['awards']} awards in the registry, {counts['dossiers']} dossiers for 2021")
    if live_on is not None:
        live = load_live_year(today=live_on, seed_text=seed_text())
        say(f"campaign {live.code}: the seed's plan in {live.year}, its first deadline on "
            f"{live.deadlines.order_by('due_on').first().due_on:%d/%m/%Y}")
    return campaign


def _load_document_wording() -> None:
    """The office's wording of its report: signed by the director of Sở Nội vụ, the council's vice-chair in the
    demo (``demo.councils``)."""
    from thidua.documents import services as documents
    from thidua.documents.models import DocumentKind

    documents.template_save(by=None, kind=DocumentKind.DEADLINE_REPORT,
                            content={"signer_title": "GIÁM ĐỐC", "signer_name": "Phan Thế Tuấn"},
                            note="Người ký báo cáo của Sở Nội vụ")


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    code, name, short, kind = data.PROVINCE
    province = org.unit_create(by=None, code=code, name=name, short_name=short, kind=kind,
                               valid_from=datetime.date(1997, 1, 1))
    units[code] = province
    groups = [
        (data.LOCALITIES, UnitKind.LOCALITY, province),
        (data.DEPARTMENTS, UnitKind.DEPARTMENT, province),
        (data.CENTRAL_AGENCIES, UnitKind.CENTRAL_AGENCY, None),
        (data.ENTERPRISES, UnitKind.ENTERPRISE, None),
        (data.MASS_ORGANISATIONS, UnitKind.MASS_ORGANISATION, None),
        (data.PRESS, UnitKind.PRESS, None),
    ]
    for rows, kind, parent in groups:
        for code, name, short in rows:
            units[code] = org.unit_create(by=None, code=code, name=name, short_name=short, kind=kind, parent=parent)

    code, name, short, kind = data.SUCCESSOR
    successor = org.unit_create(by=None, code=code, name=name, short_name=short, kind=kind)
    units[code] = successor
    merged_on = datetime.date(*data.MERGER_DATE)
    org.lineage_record(by=None, kind=LineageKind.MERGE, source=province, target=successor,
                       effective_on=merged_on, decision_reference=data.MERGER_DECISION)
    for code, *_ in data.LOCALITIES:
        # District level was abolished on 1/7/2025: the district committees end the day before.
        org.unit_update(by=None, unit=units[code], valid_to=merged_on - datetime.timedelta(days=1))
    return units


def _load_clusters(units: dict[str, Unit]):
    return [
        org.cluster_create(by=None, name=name, kind=kind, year=2021, head=units[head], deputy=units[deputy],
                           members=[units[c] for c in members])
        for name, kind, head, deputy, members in data.CLUSTERS_2021
    ]


def _load_campaign(units: dict[str, Unit], clusters) -> Campaign:
    plan = parse_plan(seed_text())
    campaign = campaigns.campaign_create(
        by=None, code=CAMPAIGN_CODE, title=plan.title, year=2021, theme=plan.theme, kind=CampaignKind.SPRINT,
        starts_on=None, ends_on=datetime.date(2021, 12, 31),
        plan_number=plan.number, plan_symbol=plan.symbol, issued_on=None, place=plan.place,
        issuer=units[data.PROVINCE[0]], signer_name=plan.signer_name, signer_title=plan.signer_title.capitalize(),
        legal_basis=plan.legal_basis, preamble=plan.preamble, purpose=plan.purpose,
        requirements=plan.requirements, implementation=plan.implementation,
    )
    for order, title, body in plan.contents:
        campaigns.content_area_add(by=None, campaign=campaign, order=order, title=title, body=body)
    for cluster in clusters:
        campaigns.participation_add(by=None, campaign=campaign, cluster=cluster)
    campaigns.deadline_create(
        by=None, campaign=campaign, code="VB-PHAT-DONG", title="Văn bản phát động đợt thi đua “nước rút”",
        due_on=plan.submission_due_on, description=plan.submission_clause,
        recipients=[RecipientKind.CLUSTER_HEAD, RecipientKind.COUNCIL_OFFICE],
    )
    for name, purpose, level in plan.distribution:
        campaigns.distribution_add(by=None, campaign=campaign, name=name, purpose=purpose, level=level)
    return campaigns.campaign_transition(by=None, campaign=campaign, to=CampaignStatus.LAUNCHED)


def _load_people(units: dict[str, Unit]) -> None:
    people = [
        ("Nguyễn Văn An", "024080000101", "H-YT", "Phó Chủ tịch UBND huyện"),
        ("Đỗ Thị Bích", "024180000202", "H-HH", "Trưởng phòng Nội vụ"),
        ("Ngô Đức Cường", "024080000303", "SYT", "Giám đốc Trung tâm Kiểm soát bệnh tật"),
    ]
    for full_name, national_id, unit_code, position in people:
        person = org.person_create(by=None, full_name=full_name, national_id=national_id)
        org.employment_record(by=None, person=person, unit=units[unit_code], position=position,
                              started_on=datetime.date(2019, 1, 1))


def _load_users(units: dict[str, Unit]) -> None:
    for username, full_name, role, unit_code, _purpose in data.DEMO_USERS:
        # Vietnamese names run family name first; keep the whole name in one field so it prints as written.
        user = accounts.user_create(by=None, username=username, password=data.DEMO_PASSWORD,
                                    first_name=full_name, is_demo=True)
        accounts.role_assign(by=None, user=user, role=role, unit=units[unit_code])


#: Rows that belong to a login itself and go with it: its roles, tokens, inbox, admin history, signing authority,
#: council seat (the seat stays, with its member's name, taking part on paper) and the audit log (each event keeps
#: the actor's name as written). Any other row pointing at a demo user is something the user did.
_PERSONAL_ROWS = {"accounts.roleassignment", "accounts.apitoken", "core.notification", "admin.logentry",
                  "awards.signatory", "awards.councilmember", "core.auditevent"}


def _did_something(user: User) -> bool:
    """Whether any record (a ballot cast, a decision signed, an appraisal, a document sent…) points at ``user``."""
    for relation in User._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many and relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        if model._meta.auto_created or model._meta.label_lower in _PERSONAL_ROWS:
            continue
        if model._base_manager.filter(**{relation.field.name: user}).exists():
            return True
    return False


def _anonymise(user: User) -> None:
    """Keep the row others point at, but not the login: no name, no password, no roles, inactive."""
    from django.utils.translation import gettext

    from thidua.accounts.models import ApiToken, RoleAssignment
    from thidua.awards.models import Signatory
    from thidua.core.models import Notification

    RoleAssignment.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    Signatory.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"demo-removed-{user.pk}"
    user.first_name, user.last_name, user.email = gettext("Removed demo account"), "", ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends the user's sessions (their hash no longer matches)
    user.save()


@transaction.atomic
def remove_demo_users() -> dict[str, int]:
    """Remove the demo logins before going live, whatever the demo users did: returns how many were ``deleted`` and
    how many ``anonymised``.

    A demo user who left no record is deleted with its roles and tokens. One whose actions are on record (votes cast,
    decisions signed or prepared, appraisals, documents sent or received…) is kept as an inactive account without a
    name, password or roles, so those records (some of which may not lose their author: a ballot needs its voter)
    stay as they are; the audit log keeps the name each event was written with. Either way the login is gone and
    the production check (``thidua.core.checks``) passes. Units, campaigns and dossiers stay.
    """
    from thidua.core.checks import demo_logins

    deleted = anonymised = 0
    for user in demo_logins().order_by("pk"):
        keep = _did_something(user)
        log_action("accounts.user.deleted", actor=None, target=user,
                   data={"username": user.username, "demo": True, "anonymised": keep})
        if keep:
            _anonymise(user)
            anonymised += 1
        else:
            user.delete()
            deleted += 1
    return {"deleted": deleted, "anonymised": anonymised}
