"""Alembic operations that apply a permission change to the catalogue and every tenant.

Migrations call these with literal values (never the live declarations), so a history
replays the same way whatever the code says today:

    add_permissions("invoices", ["read", "create", "send"])
    grant("member", "invoices", ["read"])        # new tenants and every existing tenant
    revoke("member", "invoices", ["delete"])
    remove_permissions("invoices", ["archive"])  # drops every grant of them too

Grants and revocations touch each tenant's system role of that name (`roles.is_system`);
roles a tenant made itself are left as they are.
"""

import uuid
from collections.abc import Sequence
from importlib import import_module
from importlib.util import find_spec

import sqlalchemy as sa
from alembic import op

NAMESPACE = uuid.UUID("6f1c1d1e-2b7a-4c55-9a39-1f5d2f0a7c11")


def permission_id(resource: str, action: str) -> uuid.UUID:
    """The same id in every database, so migrations can name a permission by value."""
    return uuid.uuid5(NAMESPACE, f"{resource}:{action}")


def add_permissions(resource: str, actions: Sequence[str]) -> None:
    for action in actions:
        op.execute(
            sa.text(
                "INSERT INTO permissions (id, resource, action, description) "
                "VALUES (:id, :resource, :action, :description) "
                "ON CONFLICT (resource, action) DO NOTHING"
            ).bindparams(
                id=permission_id(resource, action),
                resource=resource,
                action=action,
                description=f"{action} {resource}",
            )
        )


def remove_permissions(resource: str, actions: Sequence[str]) -> None:
    """Delete the permissions; every role's and default grant of them goes with them."""
    op.execute(
        sa.text(
            "DELETE FROM permissions WHERE resource = :resource AND action = ANY(:actions)"
        ).bindparams(resource=resource, actions=list(actions))
    )


def see_every_tenant() -> None:
    """With row-level security, let the rest of the migration read and write every tenant."""
    if find_spec("app.core.database.rls") is not None:
        import_module("app.core.database.rls.ddl").bypass_for_data_migration()


def grant(role: str, resource: str, actions: Sequence[str]) -> None:
    """New tenants' `role` starts with these permissions, and every existing one gets them."""
    see_every_tenant()
    parameters = {"role": role, "resource": resource, "actions": list(actions)}
    op.execute(
        sa.text(
            "INSERT INTO default_grants (role, permission_id) "
            "SELECT :role, p.id FROM permissions p "
            "WHERE p.resource = :resource AND p.action = ANY(:actions) "
            "ON CONFLICT DO NOTHING"
        ).bindparams(**parameters)
    )
    op.execute(
        sa.text(
            "INSERT INTO role_permissions (tenant_id, role_id, permission_id) "
            "SELECT r.tenant_id, r.id, p.id FROM roles r JOIN permissions p "
            "ON p.resource = :resource AND p.action = ANY(:actions) "
            "WHERE r.name = :role AND r.is_system ON CONFLICT DO NOTHING"
        ).bindparams(**parameters)
    )


def revoke(role: str, resource: str, actions: Sequence[str]) -> None:
    """The reverse of `grant`: from the defaults and from every tenant's system `role`."""
    see_every_tenant()
    parameters = {"role": role, "resource": resource, "actions": list(actions)}
    permissions = "SELECT id FROM permissions WHERE resource = :resource AND action = ANY(:actions)"
    op.execute(
        sa.text(
            f"DELETE FROM default_grants WHERE role = :role AND permission_id IN ({permissions})"  # noqa: S608 - constant
        ).bindparams(**parameters)
    )
    from_roles = (
        "DELETE FROM role_permissions rp USING roles r "
        "WHERE rp.role_id = r.id AND r.name = :role AND r.is_system "
    )
    op.execute(
        sa.text(f"{from_roles}AND rp.permission_id IN ({permissions})").bindparams(**parameters)
    )
