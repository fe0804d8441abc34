"""`manage.py seed_demo`: build the seed's world and print one login per role.

First the organization (thidua/org/demo.py). Then each installed app that has a `demo` module with a
`build_demo(*, log)` function adds its part, in INSTALLED_APPS order (campaigns, then awards, then voting): the
apps depend on thidua, never the other way, so the command discovers them instead of importing them. An app's
build_demo builds through its services, creates only what is missing (a second run changes nothing) and returns
what it created as {label: how many} (or None).
"""

import time
from collections.abc import Callable, Iterator
from importlib import import_module

from django.apps import apps
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from thidua.org import demo as org_demo
from thidua.org.demo import DEFAULT_PASSWORD, LOGINS, build_demo
from thidua.org.models import Role


def app_demo_builders() -> Iterator[tuple[str, Callable]]:
    """(app label, build_demo) of every installed app but thidua.org with a `demo` module that defines
    build_demo, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        builder = getattr(module, "build_demo", None)
        if module is org_demo or not callable(builder):
            continue
        yield app_config.label, builder


class Command(BaseCommand):
    help = _(
        "Tạo dữ liệu mẫu theo bài báo nguồn: Bộ Tư pháp, Cụm thi đua số I, Khu vực thi đua các tỉnh miền núi "
        "phía Bắc, nhiệm kỳ 2016 và 2017, cá nhân và một tài khoản cho mỗi vai trò; sau đó phần dữ liệu mẫu của "
        "từng ứng dụng có mô-đun demo với hàm build_demo (phong trào, đăng ký, giao ước, đánh giá năm 2016...), "
        "theo thứ tự trong INSTALLED_APPS. Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help=_("Mật khẩu của các tài khoản mẫu mới tạo (mặc định: %(default)s).") % {"default": DEFAULT_PASSWORD},
        )

    def handle(self, *args, password=None, **options):
        if password is not None:
            try:
                password_validation.validate_password(password)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        password = password or DEFAULT_PASSWORD
        verbose = options["verbosity"] >= 1
        started = time.monotonic()
        log = (lambda label: self.stdout.write(_("Đang tạo: %(what)s") % {"what": label})) if verbose else None
        result = build_demo(password=password, log=log)
        labels = {
            "unit_kinds": _("loại đơn vị"),
            "provinces": _("tỉnh, thành phố"),
            "units": _("đơn vị"),
            "people": _("cá nhân"),
            "clusters": _("cụm, khu vực"),
            "terms": _("nhiệm kỳ"),
            "users": _("tài khoản"),
            "roles": _("vai trò"),
        }
        created = {labels[what]: n for what, n in result.created.items() if n}
        for _label, builder in app_demo_builders():
            for label, n in (builder(log=log) or {}).items():
                if n:
                    created[label] = created.get(label, 0) + n
        if not verbose:
            return
        if created:
            parts = ", ".join(
                _("%(what)s %(count)s") % {"what": label, "count": count} for label, count in created.items()
            )
            self.stdout.write(_("Đã tạo mới: %(parts)s.") % {"parts": parts})
        else:
            self.stdout.write(_("Dữ liệu mẫu đã đủ, không thay đổi gì."))
        self.stdout.write(_("Thời gian: %(s).1f giây.") % {"s": time.monotonic() - started})
        self._print_logins(result.new_users, password)

    def _print_logins(self, new_users: list[str], password: str) -> None:
        portal, admin = reverse("home"), reverse("admin:index")
        rows = [(_("Tài khoản"), _("Vai trò"), _("Đơn vị"), _("Vào trang"))]
        for login in LOGINS:
            if login.destination == "admin":
                where = _("%(admin)s (và cổng %(portal)s)") % {"admin": admin, "portal": portal}
            else:
                where = portal
            scope = login.unit or (_("toàn Bộ") if login.role == Role.VIEWER else "—")
            rows.append((login.username, str(Role(login.role).label), scope, where))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        if new_users:
            self.stdout.write(
                _("Mật khẩu của các tài khoản vừa tạo (%(users)s): %(password)s")
                % {"users": ", ".join(new_users), "password": password}
            )
        self.stdout.write(
            _(
                "Lưu ý: mật khẩu chỉ được đặt khi tạo tài khoản; chạy lại lệnh không đổi mật khẩu đã có "
                "(mặc định: %(default)s)."
            )
            % {"default": DEFAULT_PASSWORD}
        )
