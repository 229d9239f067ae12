"""Structured logging: one JSON object per line in production, readable lines in development."""

from app.core.logging.config import configure_logging
from app.core.logging.middleware import RequestContextMiddleware

__all__ = ["RequestContextMiddleware", "configure_logging"]
