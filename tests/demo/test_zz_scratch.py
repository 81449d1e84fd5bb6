from thidua.awards import selectors
from thidua.awards.models import Nomination, AwardType, Award, Decision
from thidua.accounts.models import User, RoleAssignment
from thidua.awards.enums import Route


def test_dump(province):
    codes = {pk: code for code, pk in province.unit_ids.items()}
    for n in Nomination.objects.order_by("id"):
        print(n.pk, n.year, codes[n.unit_id], n.status, n.route, n.title[:50], n.submitted_at, n.received_on, n.appraisal_due_on, n.completeness_due_on)
        for item, v in selectors.nomination_eligibility(nomination=n):
            print("   ", item.award_type.code, item.person.full_name if item.person else codes[item.unit_id], [r.rule for r in v.failed], v.judged_on, v.regime.code, item.council_passed, item.council_votes)
    for t in AwardType.objects.order_by("order"):
        print(t.code, [(x.regime.code, x.route) for x in t.terms.all()] if hasattr(t, "terms") else "")
    for d in Decision.objects.all():
        print("DEC", d.pk, d.number, d.symbol, d.signed_on, d.status, d.issuer_unit_id, d.year, [a.recipient_name for a in d.awards.all()])
    print([(r.user.username, r.role, r.unit.code if r.unit else None) for r in RoleAssignment.objects.all()])
    q = selectors.appraisal_queue(user=province.user("vanphong"))
    print([(r.nomination.pk, codes[r.nomination.unit_id], r.overdue, r.days_left) for r in q])
