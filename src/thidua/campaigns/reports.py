"""The consolidated report on a deadline (DOCX in the NĐ 30/2020 layout, and XLSX), built from the overview the
user may see, rendered in the worker with progress."""

from __future__ import annotations

from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.jobs import job_handler
from thidua.documents import deadline_report as doc
from thidua.documents.award_decision import province_committee
from thidua.documents.models import DocumentKind
from thidua.documents.wording import latest_template, wording_for
from thidua.org.models import Unit
from thidua.org.naming import header_lines, short_committee, unit_on

from .models import Deadline
from .selectors import deadline_get, deadline_overview

#: The council office's seat: the report is issued by Sở Nội vụ under the provincial People's Committee.
ISSUER_CODE = "SNV"


def deadline_report_data(*, user, deadline: Deadline, **filters) -> doc.DeadlineReport:
    """The report's data from the overview the user sees (optionally filtered as on the page)."""
    overview = deadline_overview(user=user, deadline=deadline, **filters)
    dated = timezone.localdate()
    issuer = Unit.objects.filter(code=ISSUER_CODE).select_related("parent").first()
    if issuer is not None:  # the body on the day of the report: after a merger, the merged province's
        issuer_parent, issuer_lines = header_lines(issuer, dated)
        issuer_name = " ".join(issuer_lines)
    else:
        parent = deadline.campaign.issuer
        issuer_name = "SỞ NỘI VỤ"
        issuer_parent = short_committee(unit_on(parent, dated).name).upper() if parent else ""
    local = timezone.localtime
    # One XLSX column per recipient of the deadline: cells carry the recipient's general label, not the unit.
    labels = {r.pk: str(r) for r in deadline.recipients.all()}
    rows = [
        doc.ReportRow(
            unit_name=row.unit_name, cluster_name=row.cluster_name, status=row.status, late=row.late,
            submitted_at=local(row.submitted_at) if row.submitted_at else None, version=row.version,
            document_number=row.document_number,
            receipts=[doc.ReceiptCell(recipient=labels[c.recipient_id], decision=c.decision, reason=c.reason,
                                      at=local(c.at) if c.at else None) for c in row.receipts],
            return_reason=row.return_reason,
        )
        for row in overview.rows
    ]
    committee = province_committee(dated)
    template = latest_template(DocumentKind.DEADLINE_REPORT)
    wording = wording_for(DocumentKind.DEADLINE_REPORT, template=template)
    return doc.DeadlineReport(
        issuer=issuer_name,
        issuer_parent=issuer_parent,
        place=committee[1] or deadline.campaign.place or "",
        dated=dated,
        campaign_title=deadline.campaign.title,
        deadline_title=deadline.title,
        deadline_description=deadline.description,
        due_on=deadline.due_on,
        recipients=[str(r) for r in deadline.recipients.all()],
        rows=rows,
        distribution=[*wording.recipients, wording.archive],
        signer_title=wording.signer_title or "GIÁM ĐỐC",
        signer_name=wording.signer_name,
        introduction=wording.introduction,
        office_template=bool(template and template.word_template),
    )


def _render(job, progress, render, name: str, extension: str):
    """Load the job's user and deadline (scoped like the page), build the data, render with progress."""
    user = User.objects.get(pk=job.created_by_id)
    deadline = deadline_get(user=user, deadline_id=job.params["deadline_id"])
    progress(5)
    report = deadline_report_data(user=user, deadline=deadline)
    content = render(report, progress=lambda p: progress(10 + p * 0.9))
    return content, f"{name}-{deadline.code.lower()}-{timezone.localdate():%Y%m%d}.{extension}"


@job_handler("campaigns.deadline_report_docx")
def deadline_report_docx(job, progress):
    return _render(job, progress, doc.render_docx, "bao-cao", "docx")


@job_handler("campaigns.deadline_report_xlsx")
def deadline_report_xlsx(job, progress):
    return _render(job, progress, doc.render_xlsx, "tong-hop", "xlsx")
