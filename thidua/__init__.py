"""Thi đua: the platform package (settings, urls, Celery app) and the shared core apps."""

from .celery import app as celery_app

__all__ = ["celery_app"]
