"""Admin for awards: importing each area's module registers its models."""

from . import decisions, history, nominations, rules  # noqa: F401
