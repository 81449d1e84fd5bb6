"""Helpers shared by the test folders: the demo province loaded once per module, and growing its data tenfold.

``province`` loads the real demo (through the services, like ``thidua demo``) inside a transaction that lives for
one test module and is rolled back at its end; each test runs in a savepoint inside it (pytest-django's ``db``),
so a test may change anything and the next test still sees the pristine demo. It hands out ids, not model
instances, so nothing a test does to a Python object leaks into the next test.

A module uses either ``province`` or the root conftest's ``demo``, never both (the demo loads only once).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from thidua.accounts.models import User
from thidua.campaigns.enums import CampaignKind, CampaignStatus, RecipientKind
from thidua.campaigns.models import Campaign, ContentArea, Deadline, DistributionEntry, Participation, Recipient
from thidua.core.text import fold
from thidua.org.enums import ClusterKind, UnitKind
from thidua.org.models import Cluster, ClusterMembership, Employment, Person, Unit

#: Every demo login, in the order the demo lists them.
DEMO_USERNAMES = ["vanphong", "chutich", "hiephoa", "yenthe", "soyte", "thanhvien"]
PASSWORD = "thidua-demo"


@dataclass(frozen=True)
class Province:
    """Ids of the demo's rows, looked up by their natural keys."""

    campaign_id: int
    unit_ids: dict[str, int]
    cluster_ids: dict[str, int]
    person_ids: dict[str, int]
    user_ids: dict[str, int]

    def unit(self, code: str) -> Unit:
        return Unit.objects.get(pk=self.unit_ids[code])

    def cluster(self, name: str) -> Cluster:
        return Cluster.objects.get(pk=self.cluster_ids[name])

    def person(self, full_name: str) -> Person:
        return Person.objects.get(pk=self.person_ids[full_name])

    def user(self, username: str) -> User:
        return User.objects.get(pk=self.user_ids[username])

    def campaign(self) -> Campaign:
        return Campaign.objects.get(pk=self.campaign_id)


def _collect_ids(campaign: Campaign) -> Province:
    return Province(
        campaign_id=campaign.pk,
        unit_ids=dict(Unit.objects.values_list("code", "pk")),
        cluster_ids=dict(Cluster.objects.filter(year=2021).values_list("name", "pk")),
        person_ids=dict(Person.objects.values_list("full_name", "pk")),
        user_ids=dict(User.objects.values_list("username", "pk")),
    )


@pytest.fixture(scope="module")
def _province_module(django_db_setup, django_db_blocker):
    from thidua.demo.loader import load_demo

    def roll_back(outer) -> None:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                ids = _collect_ids(load_demo())
        except BaseException:
            roll_back(outer)
            raise
    yield ids
    with django_db_blocker.unblock():
        roll_back(outer)


@pytest.fixture
def province(_province_module, db) -> Province:
    """The demo province (ids only); each test's changes are rolled back after it."""
    return _province_module


def force_login_unaudited(client: Client, user) -> None:
    """``client.force_login(user)`` without the sign-in's audit event, so that tests counting audit events around an
    action count only the action's (the sign-in's own event is tested in tests/accounts/test_login_security.py)."""
    from django.contrib.auth.signals import user_logged_in

    from thidua.accounts.signals import _audit_login

    user_logged_in.disconnect(dispatch_uid="thidua.accounts.audit_login")
    try:
        client.force_login(user)
    finally:
        user_logged_in.connect(_audit_login, dispatch_uid="thidua.accounts.audit_login")


def signed_in(username: str, *, language: str = "") -> Client:
    """A web client with a session for that demo user; ``language="en"`` asks for the pages in English (the UI is
    Vietnamese unless the language cookie says otherwise), for tests that read the English msgids."""
    from django.conf import settings

    from thidua.accounts.models import User

    client = Client()
    user = User.objects.get(username=username)
    # force_login: Client.login authenticates without a request, which the login lockout (django-axes) refuses.
    assert user.check_password(PASSWORD), username
    force_login_unaudited(client, user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def count_queries(client: Client, url: str, expected_status: int = 200) -> int:
    """Queries one GET of ``url`` runs, measured after a first, warming request (content-type cache etc.)."""
    assert client.get(url).status_code == expected_status, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == expected_status, url
    return len(captured)


def grow(province: Province, factor: int = 10) -> None:
    """Add ``factor`` times the demo's units, 2021 clusters, campaigns and people, in bulk.

    The new campaigns are launched (everyone sees them) and carry content areas, deadlines with recipients,
    participations (clusters and single units) and distribution lists, so every list and detail has more to load.
    """
    base_units = Unit.objects.count()
    kinds = list(UnitKind.values)
    province_id = province.unit_ids["UBND-BG"]
    new_units = []
    for i in range(base_units * factor):
        name = f"Đơn vị tăng trưởng Bắc Giang số {i}"
        code = f"GROW-{i}"
        new_units.append(Unit(code=code, name=name, short_name=f"ĐV {i}", kind=kinds[i % len(kinds)],
                              parent_id=province_id if i % 2 else None, search_text=fold(f"{name} ĐV {i} {code}")))
    Unit.objects.bulk_create(new_units)
    grown = list(Unit.objects.filter(code__startswith="GROW-").order_by("pk"))

    base_clusters = Cluster.objects.filter(year=2021).count()
    Cluster.objects.bulk_create([
        Cluster(name=f"Cụm tăng trưởng {i}", kind=ClusterKind.CLUSTER if i % 2 else ClusterKind.BLOCK, year=2021,
                head_unit=grown[i * 5], deputy_unit=grown[i * 5 + 1])
        for i in range(base_clusters * factor)
    ])
    clusters = list(Cluster.objects.filter(name__startswith="Cụm tăng trưởng").order_by("pk"))
    ClusterMembership.objects.bulk_create([
        ClusterMembership(cluster=cluster, unit=grown[i * 5 + j], year=2021)
        for i, cluster in enumerate(clusters) for j in range(5)
    ])
    loose_units = grown[len(clusters) * 5:]

    base_campaigns = Campaign.objects.count()
    Campaign.objects.bulk_create([
        Campaign(code=f"GROW-C{i}", title=f"Phong trào tăng trưởng {i}", year=2021, kind=CampaignKind.REGULAR,
                 status=CampaignStatus.LAUNCHED, starts_on=datetime.date(2021, 1, 1),
                 ends_on=datetime.date(2021, 12, 31), issuer_id=province_id, plan_symbol="KH-UBND",
                 search_text=fold(f"GROW-C{i} Phong trào tăng trưởng {i}"))
        for i in range(base_campaigns * factor)
    ])
    for campaign in Campaign.objects.filter(code__startswith="GROW-C"):
        add_children(campaign, clusters=clusters, units=loose_units, factor=1)

    base_people = Person.objects.count()
    Person.objects.bulk_create([
        Person(full_name=f"Người tăng trưởng {i}", search_text=fold(f"Người tăng trưởng {i}"))
        for i in range(base_people * factor)
    ])
    unit_ids = list(province.unit_ids.values())
    Employment.objects.bulk_create([
        Employment(person=person, unit_id=unit_ids[i % len(unit_ids)], started_on=datetime.date(2020, 1, 1))
        for i, person in enumerate(Person.objects.filter(full_name__startswith="Người tăng trưởng"))
    ])


def add_children(campaign: Campaign, *, clusters: list[Cluster], units: list[Unit], factor: int) -> None:
    """Give ``campaign`` 9×factor more content areas, factor deadlines with three recipients each, the clusters
    and 5×factor single units as participants, and 10×factor distribution lines, in bulk."""
    start = (campaign.contents.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    ContentArea.objects.bulk_create([
        ContentArea(campaign=campaign, order=start + k, title=f"Nội dung {start + k}", body=f"Thân {start + k}")
        for k in range(9 * factor)
    ])
    Deadline.objects.bulk_create([
        Deadline(campaign=campaign, code=f"GROW-D{start}-{k}", title=f"Thời hạn {k}",
                 due_on=datetime.date(2021, 10, 1) + datetime.timedelta(days=k))
        for k in range(factor)
    ])
    deadlines = list(campaign.deadlines.filter(code__startswith=f"GROW-D{start}-"))
    Recipient.objects.bulk_create([
        recipient
        for k, deadline in enumerate(deadlines)
        for recipient in (
            Recipient(deadline=deadline, kind=RecipientKind.CLUSTER_HEAD),
            Recipient(deadline=deadline, kind=RecipientKind.COUNCIL_OFFICE),
            Recipient(deadline=deadline, kind=RecipientKind.UNIT, unit=units[k % len(units)]),
        )
    ])
    Participation.objects.bulk_create(
        [Participation(campaign=campaign, cluster=cluster) for cluster in clusters]
        + [Participation(campaign=campaign, unit=unit) for unit in units[: 5 * factor]]
    )
    last = campaign.distribution.order_by("-order").values_list("order", flat=True).first() or 0
    DistributionEntry.objects.bulk_create([
        DistributionEntry(campaign=campaign, order=last + 1 + k, name=f"Nơi nhận {k}", purpose="b/c")
        for k in range(10 * factor)
    ])
