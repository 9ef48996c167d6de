"""The review page: a small Starlette app over the store (pages: queue, claim, briefing,
calibration; POSTs to decide). It imports the store, models and settings, never the reverse."""

from .app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
