"""Which feature a profiler sample belongs to, from the files and functions on its stack.

A sample is charged to the innermost frame on its stack that a rule claims, walking from
the running function outwards. Rules name package paths, not functions, so they keep
working while the service's code changes:

- the service's own files by their path under `app/` (`core/rate_limit/` is the rate
  limit, `core/database/` the session, tenant wall and RLS, any file named `actor*` the
  actor load and cache, `modules/` the endpoints and what they call, and so on);
- libraries that are a feature of their own by package (`asyncpg`, `sqlalchemy/orm`,
  `sqlalchemy`, `jwt`, `opentelemetry` and `fastapi/telemetry`, `prometheus_client`,
  `pydantic`, then the rest of `fastapi` and `starlette`).

Everything else is transparent and charged to whoever called it: the standard library,
`redis` (the rate limiter's and the actor cache's round trips are theirs), `structlog`
and `logging` (the access log's), `orjson`, Starlette's request and header classes. A
sample with no claimed frame at all is the event loop's own work (asyncio, sockets, and
the driver's protocol callbacks, which run outside any request's stack); time in
`epoll.poll`/`select` is the event loop waiting for PostgreSQL or Redis to answer.
Pydantic is split by its caller: under FastAPI's `serialize_response` or an endpoint it
is the response model, otherwise request validation.
"""

from collections.abc import Iterator, Sequence
from functools import cache

# Categories, in the order the budget table lists them (the request's path, outside in)
REQUEST_CONTEXT = "middleware: request context + access log"
SECURITY_HEADERS = "middleware: security headers"
HOST_CORS = "middleware: trusted host, CORS, proxy headers"
UNHANDLED_ERRORS = "middleware: unhandled errors"
METRICS = "middleware: metrics"
TRACING = "middleware: tracing (server span)"
RATE_LIMIT = "middleware: rate limit (+ its Redis call)"
BODY_LIMIT = "middleware: body limit"
ROUTING = "routing + dependency resolution (FastAPI, Starlette)"
REQUEST_VALIDATION = "request validation (pydantic)"
TOKEN = "auth: bearer token decode"
ACTOR = "auth: actor load / cache (+ its Redis call)"
PERMISSIONS = "permission check"
SESSION = "session + tenant wall + RLS begin"
LISTENERS = "audit, events, cache (session listeners)"
ENDPOINT = "endpoint, services, repositories, query building"
ORM = "SQLAlchemy ORM (session, unit of work, loading)"
CORE = "SQLAlchemy Core (compile, execute, pool, greenlet)"
DRIVER = "SQL driver (asyncpg)"
RESPONSE = "response validation + serialisation (pydantic)"
ERRORS = "error handlers"
OTHER_APP = "other service code"
EVENT_LOOP = "event loop, socket reads, driver callbacks (asyncio)"
HARNESS = "ASGI calls of the budget driver (not the service)"
IDLE = "waiting for PostgreSQL / Redis (not CPU)"

CATEGORIES = (
    REQUEST_CONTEXT,
    SECURITY_HEADERS,
    HOST_CORS,
    UNHANDLED_ERRORS,
    METRICS,
    TRACING,
    RATE_LIMIT,
    BODY_LIMIT,
    ROUTING,
    REQUEST_VALIDATION,
    TOKEN,
    ACTOR,
    PERMISSIONS,
    SESSION,
    LISTENERS,
    ENDPOINT,
    ORM,
    CORE,
    DRIVER,
    RESPONSE,
    ERRORS,
    OTHER_APP,
    EVENT_LOOP,
    HARNESS,
    IDLE,
)

# The service's files, by path under app/ (first match wins)
APP_RULES = (
    ("core/logging/", REQUEST_CONTEXT),
    ("core/context", REQUEST_CONTEXT),
    ("core/http/security_headers", SECURITY_HEADERS),
    ("core/http/body_limit", BODY_LIMIT),
    ("core/http/", HOST_CORS),
    ("core/errors/middleware", UNHANDLED_ERRORS),
    ("core/errors/", ERRORS),
    ("core/observability/metrics", METRICS),
    ("core/observability/tracing", TRACING),
    ("core/observability/", METRICS),
    ("core/rate_limit/", RATE_LIMIT),
    ("core/auth/", TOKEN),
    ("core/permissions/", PERMISSIONS),
    ("core/database/", SESSION),
    ("core/audit/", LISTENERS),
    ("core/events/", LISTENERS),
    ("core/cache/", LISTENERS),
    ("core/pagination", ENDPOINT),
    ("modules/", ENDPOINT),
)

# Libraries that are a feature of their own, by package path (first match wins)
LIBRARY_RULES = (
    ("/asyncpg/", DRIVER),
    ("/sqlalchemy/orm/", ORM),
    ("/sqlalchemy/ext/asyncio/session", ORM),
    ("/sqlalchemy/ext/asyncio/scoping", ORM),
    ("/sqlalchemy/", CORE),
    ("/greenlet/", CORE),
    ("/jwt/", TOKEN),
    ("/fastapi/telemetry/", TRACING),  # FastAPI's own server span, provided by the tracing feature
    ("/opentelemetry/", TRACING),
    ("/prometheus_client/", METRICS),
    ("/uvicorn/middleware/proxy_headers", HOST_CORS),
)
TRANSPARENT_FRAMEWORK = (  # helpers every layer uses: charged to their caller
    "/starlette/datastructures",
    "/starlette/requests",
    "/starlette/types",
    "/starlette/_utils",
    "/fastapi/datastructures",
    "/fastapi/requests",
)
FRAMEWORK = ("/fastapi/", "/starlette/", "/anyio/")
PYDANTIC = "pydantic"  # a marker: request or response, decided by the rest of the stack
PYDANTIC_PATHS = ("/pydantic/", "/pydantic_core/")
PYDANTIC_BUILTINS = ("SchemaValidator.", "SchemaSerializer.", "TypeAdapter.", "to_json", "from_json")
SERIALISERS = ("serialize_response", "_prepare_response_content", "serialize_json", "jsonable_encoder")
DRIVER_FUNCTIONS = ("call", "receive", "send", "calls")  # bench/budget_asgi.py's client
WAITING = ("epoll.poll", "select.select", "poll.poll", "kqueue.control")


def parse(frame_info: str) -> tuple[str, str]:
    """(function, file path) of one pyinstrument frame identifier."""
    function, path, *_ = frame_info.split("\x01", 1)[0].split("\x00")
    return function, path


@cache
def frame_category(frame_info: str) -> str | None:
    function, path = parse(frame_info)
    if path == "<built-in>":
        if function in WAITING:
            return IDLE
        return PYDANTIC if function.startswith(PYDANTIC_BUILTINS) else None
    if "/app/" in path:
        inside = path.rpartition("/app/")[2]
        if inside.rpartition("/")[2].startswith("actor"):  # actor_cache.py, repos/actors.py, ...
            return ACTOR
        return next((category for prefix, category in APP_RULES if inside.startswith(prefix)), OTHER_APP)
    if path.endswith("/bench/budget_asgi.py"):
        return HARNESS if function in DRIVER_FUNCTIONS else None
    for fragment, category in LIBRARY_RULES:
        if fragment in path:
            return category
    if any(fragment in path for fragment in PYDANTIC_PATHS):
        return PYDANTIC
    if any(fragment in path for fragment in TRANSPARENT_FRAMEWORK):
        return None
    if any(fragment in path for fragment in FRAMEWORK):
        return RESPONSE if function in SERIALISERS else ROUTING
    return None


def classify(stack: Sequence[str]) -> str:
    """The category of one sample; `stack` runs from the outermost frame to the running one."""
    return classify_outward(reversed(stack))


def classify_outward(frames: Iterator[str]) -> str:
    """The category of a stack given from the running frame outwards (any iterator)."""
    for frame_info in frames:
        category = frame_category(frame_info)
        if category == PYDANTIC:
            return RESPONSE if _responding(frames) else REQUEST_VALIDATION
        if category is not None:
            return category
    return EVENT_LOOP


def _responding(callers: Iterator[str]) -> bool:
    """Whether pydantic was called to build or serialise a response (not to read a request)."""
    for frame_info in callers:
        function, path = parse(frame_info)
        if function in SERIALISERS or "/routes" in path.rpartition("/app/")[2]:
            return True
        if "/app/" in path and frame_category(frame_info) not in (ENDPOINT, None):
            return False
    return False
