"""Writes to the titles catalogue."""

from .defaults import DEFAULT_TITLES
from .models import Title


def titles_ensure_defaults() -> int:
    """Add the default titles that are missing (by code); the board's edits to existing ones are kept.

    Returns how many were added. Used by the demo data and by tests whose database was flushed.
    """
    existing = set(Title.objects.values_list("code", flat=True))
    missing = [
        Title(
            code=code,
            name=name,
            short_name=short,
            subject=subject,
            category=category,
            level=level,
            chain=chain,
            order_in_chain=order,
        )
        for code, name, short, subject, category, level, chain, order in DEFAULT_TITLES
        if code not in existing
    ]
    Title.objects.bulk_create(missing)
    return len(missing)
