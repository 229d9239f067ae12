"""Audit trail of changes and security events, written in the same transaction.

Importing this package installs the automatic capture (`capture.py`) on every Session,
the way importing `app.core.database` installs the tenant wall: the trail is a property
of the data layer, not of the web app, so jobs and scripts are audited too.
"""

from app.core.audit.actions import AuditAction
from app.core.audit.capture import install_audit_capture, is_audited
from app.core.audit.models import AuditLog
from app.core.audit.service import AuditService
from app.core.audit.values import REDACTED

install_audit_capture()

__all__ = [
    "REDACTED",
    "AuditAction",
    "AuditLog",
    "AuditService",
    "install_audit_capture",
    "is_audited",
]
