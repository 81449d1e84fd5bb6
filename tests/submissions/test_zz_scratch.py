from thidua.campaigns.models import Deadline
from thidua.campaigns.services import deadline_participant_ids
from thidua.org.models import Cluster, Unit
from thidua.accounts.models import RoleAssignment, User


def test_scratch(province):
    d = Deadline.objects.get(code="VB-PHAT-DONG")
    print("deadline", d.pk, d.campaign.status, d.campaign.year, list(d.recipients.values_list("id", "kind")))
    ids = deadline_participant_ids(d)
    print("participants", len(ids))
    for c in Cluster.objects.filter(year=2021):
        print(c.pk, c.name, c.kind, c.head_unit.code, c.deputy_unit.code if c.deputy_unit else None,
              sorted(c.members.values_list("code", flat=True)) if hasattr(c, "members") else "")
    for ra in RoleAssignment.objects.select_related("user", "unit"):
        print(ra.user.username, ra.user.email, ra.role, ra.unit.code, ra.unit.name)
    print(sorted(Unit.objects.filter(pk__in=ids).values_list("code", "name")))
    print(Unit.objects.count())
