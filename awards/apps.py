"""App config for awards: registers its domain models with the audit trail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Rule,
            models.Condition,
            models.Quota,
            models.Decision,
            models.DecisionItem,
            models.Award,
            models.Nomination,
            models.Attachment,
        ):
            auditlog.register(model)
