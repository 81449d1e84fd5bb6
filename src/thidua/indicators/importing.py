"""The worker's side of the Excel import: read the stored upload (refused at once if it is a hostile package),
check every row without writing, then write in one short transaction; report every error."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.campaigns.selectors import campaign_get
from thidua.core.jobs import JobFailed, job_handler
from thidua.core.numbers import vi_number

from . import services
from .import_check import ImportRejected, progress_import_check
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
        # Checked before the write transaction opens: the write lock is held for the writes only.
        today = timezone.localdate()
        checked = progress_import_check(by=user, campaign=campaign, rows=rows, today=today)
        progress(55, _("Checking and saving…"))
        summary = services.progress_import(
            by=user, campaign=campaign, rows=rows, job=job, today=today, checked=checked,
            on_progress=lambda p: progress(55 + p * 45 // 100, _("Checking and saving…")),
        )
    except (SheetRejected, ImportRejected) as exc:
        raise JobFailed(exc.message, exc.errors) from None
    progress(100, _("Saved %(rows)s values for %(targets)s targets (%(replaced)s replaced older values).")
             % {key: vi_number(count) for key, count in summary.items()})
    return None
