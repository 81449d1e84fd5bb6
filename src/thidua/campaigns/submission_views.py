"""Pages for deadlines, submissions and receipts. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.decorators import post_only
from thidua.core.files import file_response
from thidua.core.forms import add_service_errors
from thidua.core.jobs import job_start

from . import selectors, services
from .forms import DeadlineForm, OverviewFilterForm, ReceiptForm, SubmissionForm
from .recipients import acts_for, cluster_of, resolve
from .reports import deadline_report_data


def _overview_filters(request) -> tuple[OverviewFilterForm, dict]:
    form = OverviewFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    late = {"1": True, "0": False}.get(data.get("late") or "")
    return form, {"q": data.get("q", ""), "status": data.get("status", ""), "late": late,
                  "cluster_id": data.get("cluster")}


@login_required
def deadline_detail(request, deadline_id: int):
    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    form, filters = _overview_filters(request)
    overview = selectors.deadline_overview(user=request.user, deadline=deadline, **filters)
    access = access_of(request.user)
    # A province has about a thousand rows: the page shows them a hundred at a time (counts cover all of them).
    page = Paginator(overview.rows, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "deadline": deadline, "overview": overview, "form": form, "counts": overview.counts, "page": page,
        "query": query.urlencode(),
        "days_left": (deadline.due_on - selectors.today_local()).days,
        "can_submit_for": [row for row in overview.rows if row.unit_id in (access.clerk_unit_ids |
                                                                            access.head_unit_ids)],
        "can_manage": request.user.has_perm("campaigns.manage_campaign", deadline.campaign),
        # The history names units (e.g. who was reminded): only for those who see every unit.
        "history": history_for(deadline) if access.sees_everything else None,
    }
    template = "campaigns/_overview_rows.html" if request.headers.get("HX-Request") else "campaigns/deadline.html"
    return render(request, template, context)


@login_required
def deadline_export(request, deadline_id: int):
    """The overview as it is filtered on the page, as an XLSX table."""
    from thidua.documents.deadline_report import render_xlsx

    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    _form, filters = _overview_filters(request)
    report = deadline_report_data(user=request.user, deadline=deadline, **filters)
    return file_response(render_xlsx(report), f"tong-hop-{deadline.code.lower()}.xlsx")


@login_required
@post_only
def deadline_report(request, deadline_id: int):
    """Start the consolidated report in the worker; the page then polls the job for its progress bar."""
    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    if not access_of(request.user).sees_everything:
        raise PermissionDenied
    kind = {"docx": "campaigns.deadline_report_docx", "xlsx": "campaigns.deadline_report_xlsx"}.get(
        request.POST.get("format", ""))
    if kind is None:
        return HttpResponse(_("Choose DOCX or XLSX."), status=400)
    job = job_start(by=request.user, kind=kind, params={"deadline_id": deadline.pk})
    return render(request, "core/_job.html", {"job": job})


@login_required
def deadline_edit(request, campaign_id: int, deadline_id: int | None = None):
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    if not request.user.has_perm("campaigns.manage_campaign", campaign):
        raise PermissionDenied
    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id) if deadline_id else None
    if deadline is not None and deadline.campaign_id != campaign.pk:
        raise PermissionDenied
    initial = {}
    if deadline is not None:
        recipients = list(deadline.recipients.all())
        initial = {"code": deadline.code, "title": deadline.title, "due_on": deadline.due_on,
                   "description": deadline.description,
                   "recipients": [r.kind for r in recipients if not r.unit_id],
                   "named_units": [r.unit_id for r in recipients if r.unit_id],
                   "only_units": list(deadline.only_units.values_list("id", flat=True))}
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = [*data["recipients"], *data["named_units"]]
        try:
            if deadline is None:
                deadline = services.deadline_create(
                    by=request.user, campaign=campaign, code=data["code"], title=data["title"],
                    due_on=data["due_on"], description=data["description"], recipients=recipients,
                    only_units=list(data["only_units"]))
            else:
                services.deadline_update(
                    by=request.user, deadline=deadline, code=data["code"], title=data["title"],
                    due_on=data["due_on"], description=data["description"], recipients=recipients,
                    only_units=list(data["only_units"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The deadline is saved."))
            return redirect("campaigns:deadline", deadline_id=deadline.pk)
    return render(request, "campaigns/deadline_form.html", {"form": form, "campaign": campaign,
                                                            "deadline": deadline})


@login_required
def submission_create(request, deadline_id: int):
    """A clerk sends the unit's document (first version, or a new one after a return)."""
    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    requested = request.GET.get("unit", "")
    try:
        unit = selectors.sending_unit(user=request.user, unit_id=int(requested) if requested.isdigit() else None)
    except ValidationError:  # several units and none chosen: the first, as the deadline page links each one
        unit = selectors.sending_unit(user=request.user, unit_id=min(access_of(request.user).staff_unit_ids))
    previous, returns = selectors.resend_basis(user=request.user, deadline=deadline, unit=unit)
    initial = {}
    if previous is not None:  # a new version starts from the last one; only the file must be chosen again
        initial = {"document_number": previous.document_number, "document_date": previous.document_date,
                   "signer": previous.signer, "summary": previous.summary}
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.submission_submit(by=request.user, deadline=deadline, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sent: version %(n)s.") % {"n": version.number})
            return redirect("campaigns:submission", submission_id=version.submission_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "campaigns/submission_form.html",
                  {"form": form, "deadline": deadline, "unit": unit, "previous": previous, "returns": returns},
                  status=status)


@login_required
def submission_detail(request, submission_id: int):
    submission = selectors.submission_get(user=request.user, submission_id=submission_id)
    cluster = cluster_of(unit_id=submission.unit_id, year=submission.deadline.campaign.year)
    versions = list(submission.versions.all())
    latest = versions[0] if versions else None
    decided = {r.recipient_id for r in latest.receipts.all()} if latest else set()
    actionable = []
    for recipient in submission.deadline.recipients.select_related("unit").order_by("id"):
        resolved = resolve(recipient, sender_id=submission.unit_id, cluster=cluster)
        if recipient.pk not in decided and submission.status != "accepted" and acts_for(request.user, resolved):
            actionable.append(resolved)
    access = access_of(request.user)
    return render(request, "campaigns/submission.html", {
        "submission": submission, "versions": versions, "latest": latest, "actionable": actionable,
        "can_resubmit": submission.status == "returned" and submission.unit_id in (
            access.clerk_unit_ids | access.head_unit_ids),
        "history": history_for(submission),
    })


@login_required
@post_only
def receipt_create(request, submission_id: int):
    submission = selectors.submission_get(user=request.user, submission_id=submission_id)
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("campaigns:submission", submission_id=submission.pk)
    recipient = selectors.submission_recipient(submission=submission, recipient_id=form.cleaned_data["recipient"])
    try:
        services.receipt_record(by=request.user, submission=submission, recipient=recipient,
                                decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"],
                                version_number=form.cleaned_data["version"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect("campaigns:submission", submission_id=submission.pk)


@login_required
def version_file(request, submission_id: int, number: int):
    version = selectors.version_get(user=request.user, submission_id=submission_id, number=number)
    response = FileResponse(version.file.open("rb"), content_type=version.content_type, as_attachment=True,
                            filename=version.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
