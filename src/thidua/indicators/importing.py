"""The worker's side of the Excel import: read the stored upload, check it, write it, report every error."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.campaigns.selectors import campaign_get
from thidua.core.jobs import JobFailed, job_handler

from . import services
from .spreadsheet import SheetRejected, read_sheet


@job_handler("indicators.progress_import")
def progress_import_job(job, progress):
    """Reading takes the first half of the bar, checking and writing the second."""
    user = User.objects.get(pk=job.created_by_id)
    campaign = campaign_get(user=user, campaign_id=job.params["campaign_id"])
    progress(1, _("Reading the file…"))
    try:
        with default_storage.open(job.params["path"], "rb") as file:
            rows = read_sheet(file, on_progress=lambda p: progress(1 + p // 2, _("Reading the file…")))
        progress(50, _("Checking and saving…"))
        summary = services.progress_import(
            by=user, campaign=campaign, rows=rows, job=job,
            on_progress=lambda p: progress(50 + p // 2, _("Checking and saving…")),
        )
    except (SheetRejected, services.ImportRejected) as exc:
        raise JobFailed(exc.message, exc.errors) from None
    progress(100, _("Saved %(rows)s values for %(targets)s targets (%(replaced)s replaced older values).")
             % summary)
    return None
