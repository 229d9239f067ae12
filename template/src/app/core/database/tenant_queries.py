"""Read statements compiled once, with the tenant filter built in.

A `TenantQuery` is a Core `select()` of columns, written where it is used (a module's
`reads.py`). On first use it gets `tenant_id = :tenant_id` for every tenant-scoped table it
reads, and is compiled to the driver's SQL; the compiled form is kept, so a request pays
neither the ORM nor the SQL compiler. Adding the filter here, not in each query, is what
keeps the application wall for reads that skip the ORM session (`reads.py`): a query
cannot forget it. What the filter cannot cover is refused when the query is compiled: a
table reached through an outer join (a filter in WHERE would turn the join inner), and a
tenant table in a subquery, an EXISTS, a CTE or under an alias. Such reads belong in the
session, where the ORM filters every one of them.

`PageQuery` is the paginated form: the count travels with every row as an uncorrelated
scalar subquery over the same filtered rows (one round trip, one snapshot), and the limit
and offset are parameters.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeGuard

from pydantic import BaseModel
from sqlalchemy import Alias, Integer, Join, Select, Table, bindparam, func
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.sql.visitors import iterate

from app.core.database.tenant import tenant_tables

TENANT_PARAMETER = "tenant_id"
TOTAL_COLUMN = "total"
DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]


class UnsafeTenantQuery(ValueError):  # noqa: N818 - the name says what was refused
    """A read that the tenant filter cannot be added to safely (a programming error)."""


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    sql: str
    parameters: tuple[str, ...]  # bind names, in the order of $1, $2, ...

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        return [values[name] for name in self.parameters]


def columns_of(model: type, schema: type[BaseModel]) -> list[Any]:
    """The model's columns a response schema shows, in its field order: the read and the
    schema cannot drift apart (a field the model lacks fails at import)."""
    return [getattr(model, name) for name in schema.model_fields]


def _tenant_scoped(froms: Any, *, outer: bool = False) -> Iterator[Table]:
    scoped = tenant_tables()
    for item in froms:
        if isinstance(item, Join):
            yield from _tenant_scoped([item.left], outer=outer or bool(item.full))
            yield from _tenant_scoped([item.right], outer=outer or bool(item.isouter))
        elif isinstance(item, Table) and item in scoped:
            if outer:
                raise UnsafeTenantQuery(
                    f"{item.name} is outer-joined: read it through the session instead"
                )
            yield item


def _refuse_nested_tenant_tables(statement: Select[Any]) -> None:
    """Only the statement's own FROM gets the filter: a tenant table in a subquery, a CTE,
    an EXISTS or under an alias would be read unfiltered, so such a read is refused."""
    scoped = tenant_tables()
    for element in iterate(statement):
        if _is_nested_select(element, statement) and any(
            table in scoped for table in _plain_tables(element.get_final_froms())
        ):
            raise UnsafeTenantQuery("A tenant table in a subquery: read it through the session")
        if isinstance(element, Alias) and getattr(element, "element", None) in scoped:
            raise UnsafeTenantQuery("An aliased tenant table: read it through the session")


def _is_nested_select(element: object, statement: Select[Any]) -> TypeGuard[Select[Any]]:
    return isinstance(element, Select) and element is not statement


def _plain_tables(froms: Any) -> Iterator[Any]:
    for item in froms:
        if isinstance(item, Join):
            yield from _plain_tables([item.left, item.right])
        else:
            yield item


def with_tenant_filter(statement: Select[Any]) -> Select[Any]:
    _refuse_nested_tenant_tables(statement)
    tables = list(dict.fromkeys(_tenant_scoped(statement.get_final_froms())))
    if not tables:
        raise UnsafeTenantQuery("A TenantQuery must read at least one tenant-scoped table")
    return statement.where(*(table.c.tenant_id == bindparam(TENANT_PARAMETER) for table in tables))


def compile_for_driver(statement: Select[Any]) -> CompiledQuery:
    compiled = statement.compile(dialect=DIALECT)
    return CompiledQuery(compiled.string, tuple(compiled.positiontup or ()))


@dataclass(frozen=True)
class TenantQuery:
    """`TenantQuery(select(User.id, User.email).where(User.id == bindparam("user_id")))`."""

    statement: Select[Any] = field(repr=False)

    @cached_property
    def compiled(self) -> CompiledQuery:
        return compile_for_driver(with_tenant_filter(self.statement))


@dataclass(frozen=True)
class PageQuery:
    """A `TenantQuery` read one page at a time, with the total count in the same trip."""

    statement: Select[Any] = field(repr=False)

    @cached_property
    def compiled(self) -> CompiledQuery:
        filtered = with_tenant_filter(self.statement)
        return compile_for_driver(
            filtered.add_columns(self._counting(filtered).scalar_subquery().label(TOTAL_COLUMN))
            .limit(bindparam("limit", type_=Integer))
            .offset(bindparam("offset", type_=Integer))
        )

    @cached_property
    def count(self) -> CompiledQuery:
        """Asked alone only for a page past the end, which has no row to carry it."""
        return compile_for_driver(self._counting(with_tenant_filter(self.statement)))

    @staticmethod
    def _counting(filtered: Select[Any]) -> Select[Any]:
        return filtered.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
