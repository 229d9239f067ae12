"""`Hook`: one SQLAlchemy listener, with the reason it exists.

The listeners themselves live next to what they enforce (the tenant wall, the audit trail,
the actor cache, row-level security); `app.core.session_hooks` lists them all, in order,
and registers them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event


@dataclass(frozen=True, slots=True)
class Hook:
    target: type  # Session (every ORM session) or Engine (every connection)
    event: str
    listener: Callable[..., Any]
    purpose: str

    @property
    def name(self) -> str:
        return f"{self.listener.__module__}.{self.listener.__qualname__}"

    def install(self) -> None:
        """Register the listener; registering it again changes nothing."""
        if not event.contains(self.target, self.event, self.listener):
            event.listen(self.target, self.event, self.listener)

    def installed(self) -> bool:
        return event.contains(self.target, self.event, self.listener)
