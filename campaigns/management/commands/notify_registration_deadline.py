"""`manage.py notify_registration_deadline`: a week before the registration deadline, remind incomplete units."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.services.notifications import REMINDER_DAYS_BEFORE, registration_deadline_remind


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--today phải là một ngày dạng YYYY-MM-DD, nhận được %(value)r.") % {"value": value}
        ) from exc


class Command(BaseCommand):
    help = gettext_lazy(
        "Chạy hằng ngày (cron): với mỗi năm thi đua có hạn đăng ký còn đúng 7 ngày, gửi thông báo cho cán bộ thi đua "
        "của mọi đơn vị còn cá nhân chưa đăng ký. Mỗi đơn vị chỉ được nhắc một lần cho mỗi hạn đăng ký."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, help=_("Coi hôm nay là ngày này (YYYY-MM-DD)."))

    def handle(self, *args, today: datetime.date | None = None, **options):
        result = registration_deadline_remind(today=today)
        if not result.years:
            self.stdout.write(
                _("Không có năm thi đua nào hết hạn đăng ký sau %(days)d ngày: không có gì để nhắc.")
                % {"days": REMINDER_DAYS_BEFORE}
            )
            return
        self.stdout.write(
            _(
                "Nhắc hạn đăng ký năm %(years)s: đã nhắc %(units)d đơn vị (%(sent)d thông báo); "
                "%(already)d đơn vị đã được nhắc trước đó."
            )
            % {
                "years": ", ".join(str(year) for year in result.years),
                "units": len(result.units),
                "sent": result.notifications,
                "already": result.already,
            }
        )
