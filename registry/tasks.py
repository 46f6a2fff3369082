from celery import shared_task

from registry import services


@shared_task
def check_import(job_id: int) -> None:
    """Check an uploaded spreadsheet, storing progress on the job as it goes."""
    services.import_job_check(job_id=job_id)
