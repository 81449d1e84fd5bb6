"""The registry's XLSX export, built in the worker with a progress bar (a registry holds hundreds of thousands of
awards: minutes and far too much memory for a request).

The page starts ``awards.registry_xlsx`` with the filter as it was typed (``REGISTRY_PARAMS``); the handler checks
it again and searches as the job's user, so a job sees exactly what its user sees on the registry page.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core.jobs import JobFailed, job_handler
from thidua.core.numbers import vi_number
from thidua.documents import award_registry as doc

from . import selectors
from .registry_forms import RegistryFilterForm

#: The registry filter's fields a job keeps (as typed: the handler validates them again).
REGISTRY_PARAMS = ("q", "person", "unit", "unit_name", "year", "award_type", "status")
#: Rows between two moves of the progress bar.
PROGRESS_EVERY = 5000


def registry_filter_form(*, user, data) -> RegistryFilterForm:
    """The registry's filter form over ``data``, with the titles ``user`` may choose from."""
    types = selectors.award_types(user=user).prefetch_related(None).values_list("id", "name")
    return RegistryFilterForm(data, type_choices=list(types))


def registry_export_params(data) -> dict[str, str]:
    """The filter values to keep in a job's params: the known fields that are filled in, as strings."""
    return {name: str(data.get(name)).strip() for name in REGISTRY_PARAMS if str(data.get(name) or "").strip()}


@job_handler("awards.registry_xlsx")
def registry_xlsx(job, progress):
    """The awards of the job's filter as the job's user sees them, one COUNT then the rows streamed in chunks."""
    user = User.objects.filter(pk=job.created_by_id, is_active=True).first()
    if user is None:
        raise JobFailed(_("The user who started this export no longer exists."))
    form = registry_filter_form(user=user, data=job.params)
    if not form.is_valid():
        raise JobFailed(_("The filter is not valid."),
                        [{"column": name, "message": " ".join(errors)} for name, errors in form.errors.items()])
    awards = selectors.award_search(user=user, **form.filters())
    total = awards.count()
    progress(1, _("%(n)s awards to write") % {"n": vi_number(total)})
    today = timezone.localdate()

    def on_rows(done: int) -> None:
        progress(1 + 98 * done // max(total, 1), _("%(done)s of %(total)s awards written") % {
            "done": vi_number(done), "total": vi_number(total)})

    content = doc.render_registry_xlsx(doc.registry_rows(awards), subtitle=f"Ngày xuất: {today:%d/%m/%Y}",
                                       on_rows=on_rows, every=PROGRESS_EVERY)
    return content, f"so-khen-thuong-{today:%Y%m%d}.xlsx"
