"""`AgencyRouter`: an APIRouter that refuses undocumented endpoints at start-up.

Every endpoint must state its `response_model` (explicitly `None` only for bodiless
responses such as 204 or a redirect), a `summary` and `tags`, so the OpenAPI document,
generated clients and the `.llms/openapi.yaml` context stay complete. Its error
responses are declared for it: problem details (`app.core.errors.openapi`).
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import APIRouter
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute
from starlette.types import Scope

from app.core.errors.openapi import with_problem_responses

BODILESS_STATUSES = frozenset({204, 301, 302, 303, 304, 307, 308})


class RouterConfigError(RuntimeError):
    """An endpoint was declared without the metadata the API standard requires."""


class AgencyRouter(APIRouter):
    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        name = f"{getattr(endpoint, '__module__', '?')}.{getattr(endpoint, '__name__', endpoint)}"
        response_model = kwargs.get("response_model")
        if isinstance(response_model, DefaultPlaceholder):
            raise RouterConfigError(f"Endpoint {name} ({path}) is missing response_model")
        if response_model is None and kwargs.get("status_code") not in BODILESS_STATUSES:
            raise RouterConfigError(
                f"Endpoint {name} ({path}) has response_model=None but a status with a body"
            )
        if not kwargs.get("summary"):
            raise RouterConfigError(f"Endpoint {name} ({path}) is missing summary")
        if not (kwargs.get("tags") or self.tags):
            raise RouterConfigError(f"Endpoint {name} ({path}) is missing tags")
        kwargs["responses"] = with_problem_responses(kwargs.get("responses"))
        super().add_api_route(path, endpoint, **kwargs)


def operation_id(route: Any) -> str:
    """Readable OpenAPI operation ids (`list_users`, not `list_users_api_v1_users_get`).

    Endpoint function names are unique across the API; a test keeps it so.
    """
    return str(route.name)


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[tuple[str, APIRoute]]:
    """Every endpoint with its full path template, through nested `include_router` calls."""
    for context in iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path is not None:
            yield context.path, route


def route_template(scope: Scope) -> str | None:
    """The matched route's full template (`/api/v1/users/{user_id}`), never the raw path.

    Routers included with a prefix keep their own, unprefixed path on `scope["route"]`,
    so the full template is looked up in a table built from the app's routes (rebuilt
    when a route is added after start-up).
    """
    route = scope.get("route")
    if route is None:
        return None
    app = scope.get("app")
    state = getattr(app, "state", None)
    if state is None:
        return getattr(route, "path", None)
    templates: dict[int, str] | None = getattr(state, "route_templates", None)
    if templates is None or id(route) not in templates:
        templates = {id(r): path for path, r in api_routes(app.routes)}  # type: ignore[union-attr]
        state.route_templates = templates
    return templates.get(id(route), getattr(route, "path", None))
