"""What a job knows about itself and where it came from.

`JobOrigin` travels with the job from the code that enqueued it: the request id (so a
job's log lines join the request's), the tenant, the user and, with tracing, the trace
context (so the job's spans join the request's trace). `JobContext` is what a running
job receives: its identity, its origin and the application it runs in (the worker hosts
the same application object as the API, without serving HTTP).
"""

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.context import RequestContext, current_context
from app.core.database import app_session
from app.core.events import EventBus

if TYPE_CHECKING:
    from app.config import Settings
    from app.core.jobs.settings import EmailSettings
    from app.core.resources import Resources


@dataclass(frozen=True, slots=True)
class JobOrigin:
    request_id: str | None = None
    tenant_id: UUID | None = None
    user_id: UUID | None = None
    trace: Mapping[str, str] = field(default_factory=dict, hash=False)  # see JobQueue.put

    @classmethod
    def capture(cls, tenant_id: UUID | None = None) -> "JobOrigin":
        """The origin of a job enqueued now; `tenant_id` wins over the request's tenant."""
        context = current_context()
        if context is None:
            return cls(tenant_id=tenant_id)
        return cls(
            request_id=context.request_id,
            tenant_id=tenant_id or context.tenant_id,
            user_id=context.user_id,
        )

    def request_context(self, job_id: str) -> RequestContext:
        """The context the job runs in: a cron job (no origin) uses its job id as request id."""
        return RequestContext(
            request_id=self.request_id or job_id, tenant_id=self.tenant_id, user_id=self.user_id
        )


@dataclass(frozen=True, slots=True)
class JobContext:
    name: str
    job_id: str
    job_try: int
    max_tries: int
    origin: JobOrigin
    app: FastAPI
    email: "EmailSettings"

    @property
    def settings(self) -> "Settings":
        settings: Settings = self.app.state.settings
        return settings

    @property
    def resources(self) -> "Resources":
        resources: Resources = self.app.state.resources
        return resources

    @property
    def event_bus(self) -> EventBus:
        bus: EventBus = self.app.state.event_bus
        return bus

    def session(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A unit of work scoped to the origin's tenant: commits on success, else rolls back."""
        return app_session(self.app, self.origin.tenant_id)
