"""Diacritics-insensitive search: the `ucontains` lookup ("phap luat" finds "Pháp luật", "duong" finds "Đường")."""

from django.db.models import CharField, Lookup, TextField
from django.db.models.functions import Collate

from .vietnamese import COLLATION, fold


class UnaccentContains(Lookup):
    """`field__ucontains=value`: LOWER(unaccent(field)) LIKE '%folded value%', on PostgreSQL and SQLite."""

    lookup_name = "ucontains"

    def get_db_prep_lookup(self, value, connection):
        escaped = connection.ops.prep_for_like_query(fold(str(value)))
        return ("%s", [f"%{escaped}%"])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # unaccent first: on SQLite LOWER() only folds ASCII, which is all that is left by then.
        sql = f"LOWER(unaccent({lhs})) LIKE {rhs}"
        if connection.vendor == "sqlite":
            sql += " ESCAPE '\\'"
        return sql, [*lhs_params, *rhs_params]


CharField.register_lookup(UnaccentContains)
TextField.register_lookup(UnaccentContains)


def vi(field: str) -> Collate:
    """An ordering expression that sorts a text field in Vietnamese alphabetical order."""
    return Collate(field, COLLATION)
