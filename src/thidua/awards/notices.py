"""The notices this app sends when it hands work to someone: a dossier sent (to the council office, or for a unit's
own titles to its head), a dossier returned (the proposing unit), a decision to sign (its signers), a decision sent
back or signed (its preparer), a decision issued (the proposing units)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.core.notifications import notify, notify_all, register_kind
from thidua.org.enums import UnitKind

NOMINATION_SENT = register_kind("nomination.sent", gettext_lazy("A nomination dossier to receive"))
NOMINATION_RETURNED = register_kind("nomination.returned", gettext_lazy("A nomination dossier returned"))
DECISION_TO_SIGN = register_kind("decision.to_sign", gettext_lazy("A decision to sign"))
DECISION_SENT_BACK = register_kind("decision.sent_back", gettext_lazy("A decision sent back"))
DECISION_TO_ISSUE = register_kind("decision.to_issue", gettext_lazy("A signed decision to issue"))
DECISION_ISSUED = register_kind("decision.issued", gettext_lazy("A decision issued"))


def _users(**roles) -> list[User]:
    return list(User.objects.filter(is_active=True, **roles).distinct())


def nomination_sent(nomination) -> None:
    """The council office receives it; a dossier for the unit's own titles goes to the unit's head."""
    from .enums import Route

    if nomination.route == Route.UNIT:
        users = _users(role_assignments__unit_id=nomination.unit_id, role_assignments__role=Role.UNIT_HEAD)
    else:
        users = _users(role_assignments__role=Role.COUNCIL_OFFICE)
    notify_all(users, title=_("Nomination dossier to receive: %(title)s") % {"title": nomination.title},
               body=nomination.unit.name, url=reverse("awards:nomination", args=[nomination.pk]), kind=NOMINATION_SENT)


def nomination_returned(nomination, reason: str) -> None:
    users = _users(role_assignments__unit_id=nomination.unit_id,
                   role_assignments__role__in=[Role.UNIT_CLERK, Role.UNIT_HEAD])
    notify_all(users, title=_("Nomination dossier returned: %(title)s") % {"title": nomination.title},
               body=reason, url=reverse("awards:nomination", args=[nomination.pk]), kind=NOMINATION_RETURNED)


def decision_to_sign(decision) -> None:
    """The province's signatories (the Chairman, an authorised Vice-Chairman), or the issuing unit's head."""
    from .models import Signatory

    if decision.issuer_unit_id is None:
        ids = Signatory.objects.filter(active=True, unit__kind=UnitKind.PROVINCE).values_list("user_id", flat=True)
        users = _users(pk__in=list(ids))
    else:
        users = _users(role_assignments__unit_id=decision.issuer_unit_id, role_assignments__role=Role.UNIT_HEAD)
    notify_all(users, title=_("Decision to sign: %(symbol)s") % {"symbol": decision.symbol},
               body=decision.issuing_authority, url=reverse("awards:desk") + f"#desk-{decision.pk}",
               kind=DECISION_TO_SIGN)


def decision_sent_back(decision, note: str) -> None:
    if decision.created_by_id:
        notify(user=decision.created_by, title=_("Decision sent back: %(symbol)s") % {"symbol": decision.symbol},
               body=note, url=reverse("awards:decision", args=[decision.pk]), kind=DECISION_SENT_BACK)


def decision_signed(decision) -> None:
    if decision.created_by_id:
        notify(user=decision.created_by, title=_("Decision signed, to issue: %(symbol)s") % {
            "symbol": decision.symbol}, body=_("Signed by %(signer)s.") % {"signer": decision.signer_name},
            url=reverse("awards:decision", args=[decision.pk]), kind=DECISION_TO_ISSUE)


def decision_issued(decision, nominations) -> None:
    """Each proposing unit's staff, about its own dossier."""
    from thidua.accounts.models import RoleAssignment

    units = {n.unit_id: n for n in nominations}
    told = set()
    for assignment in RoleAssignment.objects.filter(unit_id__in=units, role__in=[Role.UNIT_CLERK, Role.UNIT_HEAD],
                                                    user__is_active=True).select_related("user"):
        nomination = units[assignment.unit_id]
        if (assignment.user_id, nomination.pk) in told:
            continue
        told.add((assignment.user_id, nomination.pk))
        notify(user=assignment.user, title=_("Decision %(ref)s issued: %(title)s") % {
            "ref": decision.reference, "title": nomination.title},
            body=_("Signed on %(day)s by %(signer)s.") % {"day": decision.signed_on.strftime("%d/%m/%Y"),
                                                           "signer": decision.signer_name},
            url=reverse("awards:nomination", args=[nomination.pk]), kind=DECISION_ISSUED)
