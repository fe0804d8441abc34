"""App config: registers the SQLite stand-ins for PostgreSQL's unaccent and ICU collation."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Lõi")

    def ready(self) -> None:
        from . import search  # noqa: F401  (registers the lookups)
        from .vietnamese import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="thidua-sqlite-vietnamese")
