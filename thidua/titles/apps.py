"""App config for the titles catalogue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "thidua.titles"
    label = "titles"
    verbose_name = _("Danh hiệu, hình thức khen thưởng")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Title

        auditlog.register(Title)
