"""Every response carries a request id, and every log line of the request carries it too."""

import pytest
import structlog
from fastapi import FastAPI
from httpx import AsyncClient

from app.core.routing import AgencyRouter
from tests.support.logs import json_lines, json_logs_to_current_stderr

pytestmark = pytest.mark.integration

router = AgencyRouter(prefix="/_test", tags=["test"])
log = structlog.get_logger("tests.request_context")


@router.get("/logs", response_model=dict[str, bool], summary="Log something")
async def logs() -> dict[str, bool]:
    log.info("inside_the_endpoint", answer=42)
    return {"ok": True}


async def test_a_valid_incoming_request_id_is_echoed(client: AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


@pytest.mark.parametrize("bad", ["", "x" * 200, "spaces are bad", "semi;colon"])
async def test_an_unsafe_incoming_request_id_is_replaced(client: AsyncClient, bad: str) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": bad})
    assert response.headers["x-request-id"] != bad
    assert len(response.headers["x-request-id"]) == 32


async def test_a_request_id_is_minted_when_none_is_sent(client: AsyncClient) -> None:
    first = await client.get("/health/live")
    second = await client.get("/health/live")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_log_lines_of_a_request_carry_its_request_id(
    app: FastAPI,
    client: AsyncClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.include_router(router)
    json_logs_to_current_stderr(monkeypatch)
    capsys.readouterr()
    await client.get("/_test/logs", headers={"X-Request-ID": "trace-me"})
    lines = json_lines(capsys.readouterr().err)
    events = {line["event"]: line for line in lines}
    assert events["inside_the_endpoint"]["request_id"] == "trace-me"
    assert events["inside_the_endpoint"]["answer"] == 42
    access = events["request"]
    assert access["request_id"] == "trace-me"
    assert access["status"] == 200
    assert access["route"] == "/_test/logs"
    assert access["duration_ms"] >= 0
