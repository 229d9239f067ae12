"""Refuse a request whose Host header names none of TRUSTED_HOSTS, before any other work.

Starlette's `TrustedHostMiddleware` answers in plain text (and may redirect to `www.`);
this one answers like every other error, with problem details. Patterns are exact names
or `*.example.com` for any subdomain; `*` alone turns the check off (`main` then skips it);
`HttpSettings` refuses any other wildcard at start-up.
"""

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import problem_response


def host_name(header: str) -> str:
    """The host of a Host header, without its port, lower-cased (IPv6 keeps its brackets)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header.partition("]")[0] + "]"
    return header.partition(":")[0]


class TrustedHostMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        patterns = [pattern.lower() for pattern in allowed_hosts]  # checked by HttpSettings
        self.names = frozenset(pattern for pattern in patterns if not pattern.startswith("*."))
        self.suffixes = tuple(pattern[1:] for pattern in patterns if pattern.startswith("*."))

    def allows(self, host: str) -> bool:
        return host in self.names or (bool(host) and host.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        if self.allows(host_name(Headers(scope=scope).get("host", ""))):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            refusal = problem_response(
                scope,
                status=400,
                code="invalid-host",
                title="Invalid Host",
                detail="The Host header names no host this service answers to.",
            )
            await refusal(scope, receive, send)
