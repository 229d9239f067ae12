"""Reads that skip the session carry the tenant filter by construction, or are refused."""

from typing import Any

import pytest
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased

from app.core.database.tenant_queries import (
    PageQuery,
    TenantQuery,
    UnsafeTenantQuery,
    columns_of,
)
from app.core.permissions import UserRole
from app.modules.tenants import Tenant
from app.modules.users import User
from app.modules.users.schemas import UserRead

pytestmark = pytest.mark.unit

ROLE_OF_USER = select(UserRole.role_id).where(UserRole.user_id == User.id)


def test_every_tenant_table_a_read_joins_is_filtered_to_the_tenant() -> None:
    query = TenantQuery(select(User.email).join(UserRole, UserRole.user_id == User.id))
    sql = query.compiled.sql
    assert "users.tenant_id = $1::UUID" in sql
    assert "user_roles.tenant_id = $1::UUID" in sql
    assert query.compiled.parameters == ("tenant_id",)


def test_a_page_counts_the_same_filtered_rows_it_lists() -> None:
    query = PageQuery(select(User.id).order_by(User.created_at))
    assert query.compiled.sql.count("users.tenant_id = $1::UUID") == 2  # the rows and the count
    assert query.compiled.parameters == ("tenant_id", "limit", "offset")
    assert "count(*)" in query.count.sql
    assert "users.tenant_id = $1::UUID" in query.count.sql


def test_parameters_follow_the_placeholders_in_order() -> None:
    query = TenantQuery(select(User.id).where(User.id == bindparam("user_id")))
    assert query.compiled.arguments({"user_id": 1, "tenant_id": 2}) == [1, 2]


def test_an_outer_joined_tenant_table_is_refused() -> None:
    query = TenantQuery(select(User.email).outerjoin(UserRole, UserRole.user_id == User.id))
    with pytest.raises(UnsafeTenantQuery, match="outer-joined"):
        _ = query.compiled


@pytest.mark.parametrize(
    "statement",
    [
        select(User.email).where(ROLE_OF_USER.exists()),
        select(User.email).join(aliased(User), User.id == User.id),
        select(User.email).join(UserRole, UserRole.user_id == User.id, full=True),
        select(Tenant.name).join(select(User.tenant_id).subquery(), Tenant.id == Tenant.id),
    ],
    ids=["exists", "alias", "full join", "subquery"],
)
def test_a_tenant_table_the_filter_cannot_reach_is_refused(statement: Select[Any]) -> None:
    with pytest.raises(UnsafeTenantQuery):
        _ = TenantQuery(statement).compiled


def test_a_read_of_no_tenant_table_is_refused() -> None:
    with pytest.raises(UnsafeTenantQuery, match="at least one tenant-scoped table"):
        _ = TenantQuery(select(func.count()).select_from(Tenant)).compiled


def test_the_columns_of_a_read_are_the_fields_of_its_schema() -> None:
    assert [column.key for column in columns_of(User, UserRead)] == list(UserRead.model_fields)
