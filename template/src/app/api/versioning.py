"""Retiring a route: OpenAPI marks it deprecated and every response says when it goes.

    @router.get(
        "/things",
        response_model=list[Thing],
        summary="List things",
        **deprecated(since=date(2025, 1, 1), sunset=date(2025, 12, 31), successor="/api/v2/things"),
    )

adds to each response `Deprecation: @<since, as Unix time>` (RFC 9745), `Sunset:
<HTTP-date>` (RFC 8594) and `Link: <successor>; rel="successor-version"` (RFC 5829), so
clients and gateways can warn before the route disappears. The helper passes
`dependencies=`, so a route's own dependencies (a rate limit, a permission) go through
it: `**deprecated(..., dependencies=[rate_limit(10, 60)])`. It works on a whole router
too: `AgencyRouter(prefix="/v1/things", tags=["things"], **deprecated(...))`.

FastAPI adds dependency headers to the responses it builds from the return value; an
endpoint that returns its own Response, and error responses, do not carry them.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from email.utils import format_datetime
from typing import TypedDict

from fastapi import Depends, Response, params


class DeprecatedRoute(TypedDict):
    deprecated: bool
    dependencies: list[params.Depends]


def _moment(value: date | datetime, name: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware (or a date, read as 00:00 UTC)")
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def deprecation_headers(
    *, since: date | datetime, sunset: date | datetime, successor: str | None = None
) -> dict[str, str]:
    headers = {
        "Deprecation": f"@{int(_moment(since, 'since').timestamp())}",
        "Sunset": format_datetime(_moment(sunset, "sunset"), usegmt=True),
    }
    if successor:
        headers["Link"] = f'<{successor}>; rel="successor-version"'
    return headers


def deprecated(
    *,
    since: date | datetime,
    sunset: date | datetime,
    successor: str | None = None,
    dependencies: Sequence[params.Depends] = (),
) -> DeprecatedRoute:
    """Route (or router) arguments that deprecate it; see the module docstring."""
    headers = deprecation_headers(since=since, sunset=sunset, successor=successor)

    async def announce_deprecation(response: Response) -> None:
        for name, value in headers.items():
            if name == "Link":
                response.headers.append(name, value)
            else:
                response.headers[name] = value

    return {
        "deprecated": True,
        "dependencies": [*dependencies, Depends(announce_deprecation)],
    }
