"""The repository, service and routes `just new-module` writes, shaped by its options."""

from scripts.module_code import Action, article, filter_fields
from scripts.module_fields import Field, enum_class, member


def repos_module(v: dict[str, str], fields: list[Field]) -> str:
    name, model = v["name"], v["Model"]
    filters = filter_fields(fields)
    page_args = f", filters: {model}Filters" if filters else ""
    condition = "            statement = statement.where({0}.{1} == filters.{1})\n"
    where = "".join(
        f"        if filters.{field.name} is not None:\n" + condition.format(model, field.name)
        for field in filters
    )
    schemas_import = f"from app.modules.{name}.schemas import {model}Filters\n" if filters else ""
    return f'''"""{v["Title"]} persistence; the tenant filter is applied by the session, not here.

Writes go through the unit of work (`add`, `delete`, attribute changes), never bulk
statements, so the audit capture records each of them.
"""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Page, fetch_page
from app.modules.{name}.models import {model}
{schemas_import}

class {model}Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item: {model}) -> {model}:
        self.session.add(item)
        await self.session.flush()
        return item

    async def get(self, item_id: UUID, *, lock: bool = False) -> {model} | None:
        """With `lock`, the row stays locked until the transaction ends (state changes)."""
        statement = select({model}).where({model}.id == item_id)
        if lock:
            statement = statement.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(statement)

    async def page(self, page: Page{page_args}) -> tuple[list[{model}], int]:
        statement = select({model}).order_by({model}.created_at, {model}.id)
{where}        return await fetch_page(self.session, statement, page)

    async def delete(self, item: {model}) -> None:
        await self.session.delete(item)
        await self.session.flush()
'''  # noqa: S608 - Python source, not SQL


def action_method(v: dict[str, str], action: Action) -> str:
    model, singular = v["Model"], v["singular_title"]
    enum = enum_class(model, action.field)
    field = action.field.name
    sources = ", ".join(f"{enum}.{member(value)}" for value in action.sources)
    check = f"!= {sources}" if len(action.sources) == 1 else f"not in {{{sources}}}"
    return f'''
    async def {action.verb}(self, item_id: UUID) -> {model}:
        """{action.field.name.replace("_", " ").capitalize()} becomes {action.target}, from {" or ".join(action.sources) or "no value"}.

        The row lock makes concurrent calls wait for each other: one succeeds, the others
        see the new {field} and get a 409.
        """
        item = await self.repo.get(item_id, lock=True)
        if item is None:
            raise NotFoundError("{v["Singular_title"]} not found")
        if item.{field} {check}:
            raise ConflictError(f"Cannot {action.verb} {article(singular)} {singular} that is {{item.{field}}}")
        item.{field} = {enum}.{member(action.target)}
        await self.session.flush()
        return item
'''


def services_module(v: dict[str, str], fields: list[Field], actions: list[Action]) -> str:
    name, model, singular = v["name"], v["Model"], v["singular_title"]
    unique = [field.name for field in fields if field.unique]
    filters = filter_fields(fields)
    page_args, page_call = (f", filters: {model}Filters", ", filters") if filters else ("", "")
    schemas = sorted(
        {f"{model}Create", f"{model}Update"} | ({f"{model}Filters"} if filters else set())
    )
    enums = sorted({enum_class(model, action.field) for action in actions})
    errors = ["NotFoundError"] + (["ConflictError"] if unique or actions else [])
    imports = [
        "from collections.abc import AsyncIterator" if unique else "",
        "from contextlib import asynccontextmanager" if unique else "",
        "from uuid import UUID",
        "",
        "from sqlalchemy.exc import IntegrityError" if unique else "",
        "from sqlalchemy.ext.asyncio import AsyncSession",
        "",
        f"from app.core.errors import {', '.join(sorted(errors))}",
        "from app.core.pagination import Page",
        f"from app.modules.{name}.enums import {', '.join(enums)}" if enums else "",
        f"from app.modules.{name}.models import {model}",
        f"from app.modules.{name}.repos import {model}Repository",
        f"from app.modules.{name}.schemas import {', '.join(schemas)}",
    ]
    guard = "        async with self._unique_fields():\n" if unique else ""
    indent = "    " if unique else ""
    unique_block = ""
    if unique:
        checks = "\n".join(
            f'            if "uq_{name}_tenant_id_{field}" in str(error.orig):\n'
            f'                raise ConflictError("{article(singular).capitalize()} {singular} with this '
            f'{field.replace("_", " ")} already exists") from error'
            for field in unique
        )
        unique_block = f'''
    @asynccontextmanager
    async def _unique_fields(self) -> AsyncIterator[None]:
        """A value taken in this tenant is a 409 naming the field; the unique constraint
        decides, inside a savepoint, also between requests running at the same moment."""
        try:
            async with self.session.begin_nested():
                yield
        except IntegrityError as error:
{checks}
            raise
'''
    return f'''"""{v["Title"]}: create, read, update, delete{" and " + ", ".join(a.verb for a in actions) if actions else ""} within the caller's tenant."""

{chr(10).join(imports)}


class {model}Service:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = {model}Repository(session)

    async def create(self, data: {model}Create) -> {model}:
        item = {model}(**data.model_dump())
{guard}{indent}        await self.repo.add(item)
        return item

    async def get(self, item_id: UUID) -> {model}:
        item = await self.repo.get(item_id)
        if item is None:
            raise NotFoundError("{v["Singular_title"]} not found")
        return item

    async def page(self, page: Page{page_args}) -> tuple[list[{model}], int]:
        return await self.repo.page(page{page_call})

    async def update(self, item_id: UUID, changes: {model}Update) -> {model}:
        item = await self.get(item_id)
{guard}{indent}        for field, value in changes.model_dump(exclude_unset=True).items():
{indent}            setattr(item, field, value)
{indent}        await self.session.flush()
        return item

    async def delete(self, item_id: UUID) -> None:
        await self.repo.delete(await self.get(item_id))
{"".join(action_method(v, action) for action in actions)}{unique_block}'''


def dependencies_module(v: dict[str, str]) -> str:
    name, model, singular = v["name"], v["Model"], v["singular"]
    return f'''"""The {name} module's route dependencies (every module keeps them in `dependencies.py`)."""

from typing import Annotated

from fastapi import Depends

from app.core.database import DbSession
from app.modules.{name}.services import {model}Service


async def {singular}_service(session: DbSession) -> {model}Service:
    return {model}Service(session)


Service = Annotated[{model}Service, Depends({singular}_service)]
'''


def routes_module(v: dict[str, str], fields: list[Field], actions: list[Action]) -> str:
    name, model, singular, one = v["name"], v["Model"], v["singular"], v["singular_title"]
    a_one = f"{article(one)} {one}"
    filters = filter_fields(fields)
    schemas = sorted(
        {f"{model}Create", f"{model}Read", f"{model}Update"}
        | ({f"{model}Filters"} if filters else set())
    )
    filter_param = f"    filters: Annotated[{model}Filters, Query()],\n" if filters else ""
    filter_arg = ", filters" if filters else ""
    action_routes = "".join(
        f'''

@router.post(
    "/{{{singular}_id}}/{action.verb}",
    response_model={model}Read,
    summary="{action.verb.replace("_", " ").capitalize()} {a_one}",
)
async def {action.verb}_{singular}(
    {singular}_id: UUID,
    service: Service,
    _: Annotated[Actor, require_permission("{name}", "{action.verb}")],
) -> {model}:
    return await service.{action.verb}({singular}_id)
'''
        for action in actions
    )
    verbs = "".join(f", {action.verb}" for action in actions)
    return f'''"""/{name}: read, create, update, delete{verbs} in the caller's tenant, guarded by `{name}:*`."""

from typing import Annotated
from uuid import UUID

{"from fastapi import Query" + chr(10) + chr(10) if filters else ""}from app.core.auth import Actor
from app.core.pagination import PageContent, PageParams, PaginatedResponse, paginated
from app.core.permissions import require_permission
from app.core.routing import AgencyRouter
from app.modules.{name}.dependencies import Service
from app.modules.{name}.models import {model}
from app.modules.{name}.schemas import {", ".join(schemas)}

router = AgencyRouter(prefix="/{name}", tags=["{name}"])


@router.get("", response_model=PaginatedResponse[{model}Read], summary="List {v["title"]}")
async def list_{name}(
    page: PageParams,
{filter_param}    service: Service,
    _: Annotated[Actor, require_permission("{name}", "read")],
) -> PageContent:
    items, total = await service.page(page{filter_arg})
    return paginated(items, total, page)


@router.post("", response_model={model}Read, status_code=201, summary="Create {a_one}")
async def create_{singular}(
    data: {model}Create,
    service: Service,
    _: Annotated[Actor, require_permission("{name}", "create")],
) -> {model}:
    return await service.create(data)


@router.get("/{{{singular}_id}}", response_model={model}Read, summary="Read {a_one}")
async def get_{singular}(
    {singular}_id: UUID,
    service: Service,
    _: Annotated[Actor, require_permission("{name}", "read")],
) -> {model}:
    return await service.get({singular}_id)


@router.patch("/{{{singular}_id}}", response_model={model}Read, summary="Update {a_one}")
async def update_{singular}(
    {singular}_id: UUID,
    changes: {model}Update,
    service: Service,
    _: Annotated[Actor, require_permission("{name}", "update")],
) -> {model}:
    return await service.update({singular}_id, changes)


@router.delete(
    "/{{{singular}_id}}", response_model=None, status_code=204, summary="Delete {a_one}"
)
async def delete_{singular}(
    {singular}_id: UUID,
    service: Service,
    _: Annotated[Actor, require_permission("{name}", "delete")],
) -> None:
    await service.delete({singular}_id){action_routes}'''
