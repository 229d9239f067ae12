"""The permissions core itself owns: managing roles. Modules declare their own.

Each module's `permissions.py` declares its resources (see `declarations.py`); the
default render's modules grant this:

| role   | may                                                                  |
| ------ | -------------------------------------------------------------------- |
| owner  | everything, including deleting the tenant                            |
| admin  | everything except `tenants:delete`                                   |
| member | read everything but the audit log; what each module grants members   |
| viewer | read everything but the audit log                                    |
"""

from app.core.permissions.declarations import (
    ADMIN,
    MEMBER,
    OWNER,
    VIEWER,
    ResourcePermissions,
)

CORE_PERMISSIONS = (
    ResourcePermissions(
        "roles",
        actions=("read", "assign"),
        grants={
            OWNER: ("read", "assign"),
            ADMIN: ("read", "assign"),
            MEMBER: ("read",),
            VIEWER: ("read",),
        },
    ),
)
