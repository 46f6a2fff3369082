from celery import shared_task

from exports import services


@shared_task(acks_late=True)
def build_export(job_id: int) -> None:
    services.build(job_id)
