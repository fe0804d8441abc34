"""Writes for notifications: portal messages to users, their e-mail copies, and the registration deadline reminder."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from campaigns.models import EmulationYear, Notification, Registration, RegistrationReminder
from campaigns.selectors.notifications import unit_staff_by_unit
from campaigns.tasks_notifications import send_email
from thidua.org.models import Person, Unit

# How long before the deadline the reminder goes out.
REMINDER_DAYS_BEFORE = 7


def sheet_link(*, unit_id: int, year: int) -> str:
    """The portal address of a unit's registration sheet for `year`."""
    return reverse("registration_sheet", args=[unit_id]) + "?" + urlencode({"year": year})


def notification_send(*, users: Iterable, text: str, link: str = "", email_subject: str | None = None) -> list:
    """Tell each of `users` (once each, inactive accounts left out) `text` in the portal, with a link.

    With an `email_subject`, each recipient who has an e-mail address also gets the text by e-mail: one
    Celery task per message ("campaigns.send_email"), enqueued only when the surrounding transaction
    commits, so a rolled-back action sends nothing. Returns the Notification rows created.
    """
    recipients = {user.pk: user for user in users if user.is_active}
    rows = [
        Notification(user_id=pk, text=text, link=link, email_subject=email_subject or "") for pk in sorted(recipients)
    ]
    with transaction.atomic():
        # PostgreSQL and SQLite (3.35+) both return the new ids, which the tasks need.
        created = Notification.objects.bulk_create(rows)
        to_mail = [n.pk for n in created if email_subject and recipients[n.user_id].email]
        if to_mail:
            transaction.on_commit(lambda: _enqueue_emails(to_mail), robust=True)
    return created


def _enqueue_emails(notification_ids: list[int]) -> None:
    for pk in notification_ids:
        send_email.delay(notification_id=pk)


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send a notification's e-mail copy through Django's EMAIL_BACKEND; returns whether a message went out.

    Idempotent: a message already sent, a notification without a subject, or a recipient without an
    address is left alone. SMTP and network errors (OSError) propagate for the task to retry.
    Side effects: the e-mail; email_sent_at set on the notification (and any earlier error cleared).
    """
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.email_sent_at or not notification.email_subject:
        return False
    address = notification.user.email
    if not address:
        return False
    body = notification.text
    if notification.link:
        body += "\n\n" + _("Xem chi tiết: %(url)s") % {"url": _absolute(notification.link)}
    EmailMessage(subject=notification.email_subject, body=body, to=[address]).send()
    Notification.objects.filter(pk=notification.pk).update(email_sent_at=timezone.now(), email_error="")
    return True


def notification_email_failed(*, notification_id: int, error: str) -> None:
    """Record on the notification why its e-mail could not be sent (the latest failure)."""
    Notification.objects.filter(pk=notification_id, email_sent_at__isnull=True).update(email_error=error[:2000])


def _absolute(link: str) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "")
    return base.rstrip("/") + link if base and link.startswith("/") else link


def notification_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of `user`'s notifications read (or, with none given, all of them); returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    return rows.update(read_at=timezone.now())


@dataclass
class ReminderResult:
    """What one run of the deadline reminder did."""

    years: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # reminded now
    already: int = 0  # incomplete units reminded by an earlier run
    notifications: int = 0


def incomplete_units(year: int):
    """Active units with at least one active person not registered for any title in `year`, with the count."""
    missing = (
        Person.objects.filter(unit=OuterRef("pk"), is_active=True)
        .exclude(Exists(Registration.objects.filter(person=OuterRef("pk"), year=year)))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Unit.objects.filter(is_active=True).annotate(missing=Subquery(missing)).filter(missing__gt=0)


def registration_deadline_remind(*, today: datetime.date | None = None) -> ReminderResult:
    """Remind unit staff, REMINDER_DAYS_BEFORE days before a year's registration deadline, of their incomplete units.

    For each emulation year whose deadline is exactly that many days after `today` (default: the local date),
    every incomplete unit (see incomplete_units) gets one notification, portal and e-mail, to each of its
    unit staff (staff of the unit or of a unit above it). Idempotent: a RegistrationReminder row per unit
    and deadline records the reminder, and a unit already reminded of that deadline is skipped.
    """
    today = today or timezone.localdate()
    due = today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    result = ReminderResult()
    for emulation_year in EmulationYear.objects.filter(registration_deadline=due).order_by("year"):
        result.years.append(emulation_year.year)
        _remind_year(emulation_year, result)
    return result


def _remind_year(emulation_year: EmulationYear, result: ReminderResult) -> None:
    year, deadline = emulation_year.year, emulation_year.registration_deadline
    done = set(RegistrationReminder.objects.filter(year=year, deadline=deadline).values_list("unit_id", flat=True))
    units = list(incomplete_units(year).order_by("pk").only("pk", "name", "path"))
    staff = unit_staff_by_unit(units)
    subject = _("Nhắc hạn đăng ký thi đua năm %(year)s") % {"year": year}
    for unit in units:
        if unit.pk in done:
            result.already += 1
            continue
        users = staff.get(unit.pk, [])
        text = _(
            "Còn %(days)d ngày đến hạn đăng ký thi đua năm %(year)s (%(deadline)s): %(unit)s còn %(missing)d cá nhân "
            "chưa đăng ký danh hiệu thi đua."
        ) % {
            "days": REMINDER_DAYS_BEFORE,
            "year": year,
            "deadline": date_format(deadline, "d/m/Y"),
            "unit": unit.name,
            "missing": unit.missing,
        }
        with transaction.atomic():
            # The row first: two runs at once cannot both remind the same unit (the second fails here).
            reminder, created = RegistrationReminder.objects.get_or_create(
                unit=unit,
                year=year,
                deadline=deadline,
                defaults={"missing_people": unit.missing, "recipients": len(users)},
            )
            if not created:
                result.already += 1
                continue
            sent = notification_send(
                users=users, text=text, link=sheet_link(unit_id=unit.pk, year=year), email_subject=subject
            )
        result.units.append(unit.pk)
        result.notifications += len(sent)
