"""The verbs of the audit trail. Modules may log their own (`"export"`); these are the core's."""

from enum import StrEnum


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ROLES_CHANGED = "roles_changed"
    TOKEN_REUSE = "refresh_token_reuse"  # noqa: S105 - an action name, not a secret
