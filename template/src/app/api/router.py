"""The versioned API: every discovered module's router, mounted under `/api/v1`.

A future `/api/v2` gets its own `build_v2_router()` here and is included beside v1 in
`main.create_app()`; routes that v2 replaces are marked with `app.api.versioning.deprecated`.
"""

from app.core.routing import AgencyRouter
from app.modules import DiscoveredModule

API_V1_PREFIX = "/api/v1"


def build_v1_router(modules: list[DiscoveredModule]) -> AgencyRouter:
    router = AgencyRouter(prefix=API_V1_PREFIX)
    for module in modules:
        if module.router is not None:
            router.include_router(module.router)
    return router
