"""Record the SQL statements the database receives, to count round trips and queries."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


@contextmanager
def statements_sent(
    source: AsyncEngine | AsyncConnection, containing: str = ""
) -> Iterator[list[str]]:
    """The statements sent through `source` inside the block; with `containing`, only
    those that include that text."""
    sent: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if containing in statement:
            sent.append(statement)

    target = source.sync_engine if isinstance(source, AsyncEngine) else source.sync_connection
    assert target is not None
    event.listen(target, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(target, "before_cursor_execute", note)
