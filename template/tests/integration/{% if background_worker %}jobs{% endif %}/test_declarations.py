"""Jobs are declared once, by name, and say which failures deserve another try."""

import pytest
from sqlalchemy.exc import DBAPIError

from app.core.jobs import JobContext, JobRegistry, TransientJobError
from app.core.jobs.retries import is_transient

pytestmark = pytest.mark.unit


class PartnerBusyError(Exception):
    pass


def test_a_job_name_is_declared_once() -> None:
    registry = JobRegistry()

    @registry.job()
    async def export(ctx: JobContext) -> None:
        pass

    assert "export" in registry
    assert [job.name for job in registry] == ["export"]
    with pytest.raises(ValueError, match="already declared"):
        registry.job(name="export")(export.function)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (TransientJobError("later"), True),
        (ConnectionResetError("peer reset"), True),
        (TimeoutError("slow"), True),
        (DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True), True),
        (DBAPIError("SELECT 1", {}, Exception("syntax")), False),
        (ValueError("bug"), False),
        (PartnerBusyError("503"), False),
    ],
)
def test_which_failures_are_transient(error: BaseException, transient: bool) -> None:
    assert is_transient(error) is transient


def test_a_job_can_name_more_transient_failures() -> None:
    assert is_transient(PartnerBusyError("503"), (PartnerBusyError,))
