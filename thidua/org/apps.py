"""App config for the organization."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from . import models

        for model in (
            models.Province,
            models.UnitKind,
            models.Unit,
            models.Cluster,
            models.ClusterTerm,
            models.ClusterMembership,
            models.Person,
            models.RoleAssignment,
        ):
            auditlog.register(model)
        auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])
