"""The table this module reads. It is defined in core because every module writes to it."""

from app.core.audit import AuditLog

__all__ = ["AuditLog"]
