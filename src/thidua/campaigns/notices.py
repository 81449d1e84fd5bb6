"""The notices this app sends when it hands work to someone: a document to receive (and, sent again, what changed
since the return), a document returned or accepted, a reminder before a due date, and the consolidated report of a
deadline ready for the Chairman."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.core.notifications import notify_all, register_kind

SUBMISSION_SENT = register_kind("submission.sent", gettext_lazy("A document to receive"))
SUBMISSION_RETURNED = register_kind("submission.returned", gettext_lazy("A document returned"))
SUBMISSION_ACCEPTED = register_kind("submission.accepted", gettext_lazy("A document accepted"))
DEADLINE_REMINDER = register_kind("deadline.reminder", gettext_lazy("A deadline reminder"))
REPORT_READY = register_kind("report.ready", gettext_lazy("A consolidated report to read"))

#: Fields of a version a recipient compares when a document comes again.
_COMPARED = (("document_number", gettext_lazy("number and symbol")), ("document_date", gettext_lazy("document date")),
             ("signer", gettext_lazy("signer")), ("summary", gettext_lazy("summary")),
             ("sha256", gettext_lazy("file")))


def _shown(value) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)


def what_changed(previous, version) -> str:
    """For a version sent again: the return it answers and, field by field, what differs from the version before."""
    lines = []
    reasons = [r.reason for r in previous.receipts.all() if r.reason]
    if reasons:
        lines.append(_("It answers the return: %(reason)s") % {"reason": "; ".join(reasons)})
    changed = []
    for name, label in _COMPARED:
        before, after = getattr(previous, name), getattr(version, name)
        if before != after:
            if name == "sha256":
                changed.append(_("a new file (%(name)s)") % {"name": version.original_name})
            else:
                changed.append(f"{label}: {_shown(before)} → {_shown(after)}")
    lines.append(_("Changed: %(changes)s.") % {"changes": "; ".join(changed)} if changed
                 else _("Nothing differs from the version returned."))
    return "\n".join(lines)


def submission_sent(submission, version, users) -> None:
    url = reverse("campaigns:submission", args=[submission.pk])
    title = _("%(unit)s sent “%(title)s” (version %(n)s)") % {
        "unit": submission.unit.name, "title": submission.deadline.title, "n": version.number}
    body = version.summary
    if version.number > 1:
        previous = submission.versions.filter(number=version.number - 1).prefetch_related("receipts").first()
        if previous is not None:
            body = f"{version.summary}\n\n{what_changed(previous, version)}"
    notify_all(users, title=title, body=body, url=url, kind=SUBMISSION_SENT)


def leaders() -> list[User]:
    """The Chairman and the vice-chairmen (the leadership role)."""
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.LEADER).distinct())


def report_ready(deadline) -> int:
    """The consolidated report of a deadline whose due date has passed, for the leadership's desk (once)."""
    from thidua.core.models import Notification

    url = reverse("campaigns:deadline", args=[deadline.pk])
    told = set(Notification.objects.filter(kind=REPORT_READY, url=url).values_list("user_id", flat=True))
    title = _("The consolidated report of “%(title)s” (due %(due)s) is ready") % {
        "title": deadline.title, "due": deadline.due_on.strftime("%d/%m/%Y")}
    return notify_all([u for u in leaders() if u.pk not in told], title=title, url=url, kind=REPORT_READY,
                      body=_("Who sent on time, late, or not at all: the overview and the report of the deadline."))
