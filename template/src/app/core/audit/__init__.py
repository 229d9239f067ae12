"""Audit trail of changes and security events, written in the same transaction."""

from app.core.audit.models import AuditLog

__all__ = ["AuditLog"]
