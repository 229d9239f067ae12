"""Audit trail of changes and security events, written in the same transaction.

The automatic capture (`capture.py`) is a pair of session listeners that
`app.core.session_hooks.install_session_hooks()` registers with the others. They also
register themselves on import, right after the tenant wall, so no session writes
unaudited, whatever the entry point (a shell, a script of your own).
"""

from app.core.audit.actions import AuditAction
from app.core.audit.capture import AUDIT_HOOKS, is_audited
from app.core.audit.models import AuditLog
from app.core.audit.service import AuditService
from app.core.audit.values import REDACTED

for _hook in AUDIT_HOOKS:
    _hook.install()

__all__ = [
    "AUDIT_HOOKS",
    "REDACTED",
    "AuditAction",
    "AuditLog",
    "AuditService",
    "is_audited",
]
