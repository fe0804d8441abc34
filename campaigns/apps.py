"""App config for campaigns: registers its domain models with the audit trail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Phong trào thi đua")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.EmulationYear,
            models.RegistrationSheet,
            models.Registration,
            models.Covenant,
            models.CovenantCriterion,
            models.CovenantSignature,
            models.PersonEvaluation,
            models.UnitEvaluation,
            models.Initiative,
            models.UnitScore,
            models.ExemplaryModel,
        ):
            auditlog.register(model)
        # Who takes part in a movement is part of the movement: changes to the lists are audited with it.
        auditlog.register(models.Movement, m2m_fields={"participant_terms", "participant_units"})
