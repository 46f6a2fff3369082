from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from core.models import Notification


@shared_task(
    bind=True,
    autoretry_for=(OSError,),  # SMTP errors are OSErrors: retry with backoff
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(self, notification_id: int) -> bool:
    """Email one notice, at most once: the row is claimed before sending and released if
    sending fails, so a retry (or a duplicate task) sends it exactly once."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.recipient.email:
        return False
    try:
        send_mail(
            subject=notification.subject,
            message=f"{notification.body}\n\n{settings.SITE_URL}{notification.url}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True
