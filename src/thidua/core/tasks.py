from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    """Thin: the worker loads the job and runs its handler (see ``thidua.core.jobs``)."""
    from .jobs import job_run

    job_run(job_id)
