"""`PaginatedResponse[T]`: the one pagination shape of the API, and how to fill it."""

from math import ceil
from typing import Annotated, Any, TypedDict

from fastapi import Depends, Query
from pydantic import BaseModel, computed_field
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession

MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000
"""Far beyond any page worth reading by offset; keeps the offset inside PostgreSQL's bigint."""


class Page(BaseModel):
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = 20,
) -> Page:
    return Page(page=page, page_size=page_size)


PageParams = Annotated[Page, Depends(page_params)]


class PaginatedResponse[T](BaseModel):
    items: list[T]
    total: int
    page: int
    page_size: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int:
        return ceil(self.total / self.page_size) if self.total else 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_prev(self) -> bool:
        return self.page > 1


async def fetch_page[M](
    session: AsyncSession, statement: Select[M], page: Page
) -> tuple[list[M], int]:
    """Rows of one page and the total count, for an ORM select of one entity (filters applied).

    One round trip: the count travels with every row as an uncorrelated scalar subquery,
    which PostgreSQL evaluates once, on the same snapshot as the rows. Only a page past
    the end has no row to carry it and costs a second query.
    """
    counting = statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    paged = statement.add_columns(counting.scalar_subquery()).limit(page.page_size)
    rows = (await session.execute(paged.offset(page.offset))).all()
    if rows:
        return [row[0] for row in rows], int(rows[0][-1])
    if not page.offset:
        return [], 0
    return [], int(await session.scalar(counting) or 0)


class PageContent(TypedDict):
    """What a list route returns: FastAPI validates it into its `PaginatedResponse[Read]`
    `response_model` once (items may be ORM objects or rows) and serialises that."""

    items: list[Any]
    total: int
    page: int
    page_size: int


def paginated(items: list[Any], total: int, page: Page) -> PageContent:
    return {"items": items, "total": total, "page": page.page, "page_size": page.page_size}
