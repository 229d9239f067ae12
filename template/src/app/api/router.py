"""The versioned API: every discovered module's routers, mounted under `/api/v1`.

Each router a module declares is included straight into the app, not through a `/api/v1`
router of its own: FastAPI keeps included routers nested and, for every level of nesting
above a route, matches the request against that router's routes again (a route three
routers deep is matched four times). What one level saves is measured in the kit's
docs/performance.md.

A future `/api/v2` gets its own `include_v2()` here, called beside `include_v1()` in
`main.create_app()`; routes that v2 replaces are marked with `app.api.versioning.deprecated`.
"""

from fastapi import FastAPI

from app.modules import DiscoveredModule

API_V1_PREFIX = "/api/v1"


def include_v1(app: FastAPI, modules: list[DiscoveredModule]) -> None:
    for module in modules:
        for router in module.routers:
            app.include_router(router, prefix=API_V1_PREFIX)
