"""Celery tasks of notifications: the e-mail copy of a portal notification, re-fetched by id."""

from celery import shared_task

MAX_RETRIES = 4


@shared_task(name="campaigns.send_email", bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_email(self, *, notification_id: int) -> bool:
    """Send one notification's e-mail. SMTP and network errors (OSError) are recorded on the notification (the
    last one stays until a retry succeeds) and retried with a growing delay, at most MAX_RETRIES times."""
    # Imported here: the services module imports this one to enqueue the task.
    from campaigns.services.notifications import notification_email_deliver, notification_email_failed

    try:
        return notification_email_deliver(notification_id=notification_id)
    except OSError as exc:  # smtplib.SMTPException is an OSError too
        notification_email_failed(notification_id=notification_id, error=f"{type(exc).__name__}: {exc}")
        if self.request.retries >= self.max_retries:
            raise
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc
