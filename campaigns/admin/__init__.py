"""Admin for campaigns: importing each area's module registers its models."""

from . import covenants, evaluation, movements, registrations  # noqa: F401
