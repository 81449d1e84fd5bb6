from django.contrib.auth.decorators import login_required
from django.shortcuts import render


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
