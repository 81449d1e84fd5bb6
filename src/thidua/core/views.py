from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.campaigns import selectors as campaign_selectors
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit


@login_required
def home(request):
    """One page per role: the office sees the whole province, a clerk its unit and cluster."""
    access = access_of(request.user)
    year = timezone.localdate().year
    my_units = list(Unit.objects.filter(pk__in=access.unit_ids).order_by("name"))
    latest_year = (org_selectors.cluster_years(user=request.user) or [year])[0]
    context = {
        "my_units": my_units,
        "my_clusters": list(
            org_selectors.cluster_list(user=request.user, year=latest_year).filter(members__in=access.unit_ids)
            .distinct()
        ) if access.unit_ids else [],
        "headed_clusters": list(
            org_selectors.clusters_headed_by(user=request.user, year=latest_year).select_related("head_unit")
        ),
        "cluster_year": latest_year,
        "campaigns": list(campaign_selectors.campaign_list_with_counts(user=request.user)[:10]),
        "status_counts": campaign_selectors.campaign_status_counts(user=request.user)
        if access.sees_everything else None,
        "deadlines": [
            (deadline, campaign_selectors.days_left(deadline))
            for deadline in campaign_selectors.deadlines_of_running_campaigns(user=request.user)
        ],
        "unit_count": Unit.objects.count() if access.sees_everything else None,
    }
    return render(request, "core/home.html", context)


@login_required
def job_status(request, job_id: int):
    """The job's progress bar; htmx polls it every second until the job is done."""
    from .jobs import job_get

    return render(request, "core/_job.html", {"job": job_get(user=request.user, job_id=job_id)})


@login_required
def job_download(request, job_id: int):
    from django.http import FileResponse, Http404

    from .jobs import job_get

    job = job_get(user=request.user, job_id=job_id)
    if not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


@login_required
def notification_list(request):
    from django.utils import timezone as tz

    from .models import Notification

    notifications = list(Notification.objects.filter(user=request.user)[:100])
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=tz.now())
        from django.shortcuts import redirect

        return redirect("notifications")
    return render(request, "core/notifications.html", {"notifications": notifications})
