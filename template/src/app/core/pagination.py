"""`PaginatedResponse[T]`: the one pagination shape of the API, and how to fill it."""

from math import ceil
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, computed_field
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession

MAX_PAGE_SIZE = 100


class Page(BaseModel):
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def page_params(
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
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
    """Rows of one page and the total count, for an ORM select (filters already applied)."""
    counting = statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    total = await session.scalar(counting)
    rows = await session.scalars(statement.limit(page.page_size).offset(page.offset))
    return list(rows), int(total or 0)


def paginated(items: list[Any], total: int, page: Page) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page.page, "page_size": page.page_size}
