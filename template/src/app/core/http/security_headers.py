"""Security headers on every response: a strict policy for the API, a looser one for docs.

API responses are JSON that no browser should render, frame or run: their CSP allows
nothing. The interactive docs (/docs, /redoc) load Swagger UI and ReDoc from jsdelivr and
start them with an inline script; their CSP allows those origins and exactly the inline
scripts the page holds (by sha256, computed from the page itself, so it follows FastAPI's
templates). HSTS is sent outside development only: a developer's plain-http localhost
must not be pinned to https. A header the endpoint already set is left as it is.
"""

import base64
import hashlib
import re
from collections.abc import Iterable

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Header = tuple[bytes, bytes]

BASE_HEADERS: tuple[Header, ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (
        b"permissions-policy",
        (
            b"accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
            b"microphone=(), payment=(), usb=()"
        ),
    ),
    (b"cross-origin-opener-policy", b"same-origin"),
)
CSP = b"content-security-policy"
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'none'; "
    "script-src 'self' https://cdn.jsdelivr.net{inline}; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com data:; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.jsdelivr.net; "
    "connect-src 'self'; worker-src blob:; child-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_csp(page: bytes) -> bytes:
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(page)
    )
    return DOCS_CSP.format(inline=hashes).encode()


def docs_paths(app: FastAPI) -> frozenset[str]:
    """The HTML documentation pages FastAPI serves (none when DOCS_ENABLED=false)."""
    pages = [app.docs_url, app.redoc_url]
    if app.docs_url:
        pages.append(app.swagger_ui_oauth2_redirect_url)
    return frozenset(page for page in pages if page)


def add_missing(message: Message, headers: Iterable[Header]) -> None:
    present = {name.lower() for name, _ in message.get("headers", ())}
    message["headers"] = [
        *message.get("headers", ()),
        *(header for header in headers if header[0] not in present),
    ]


class SecurityHeadersMiddleware:
    def __init__(
        self, app: ASGIApp, *, hsts_max_age: int | None, docs: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        headers = list(BASE_HEADERS)
        if hsts_max_age is not None:
            headers.append(
                (
                    b"strict-transport-security",
                    f"max-age={hsts_max_age}; includeSubDomains".encode(),
                )
            )
        self.headers = tuple(headers)
        self.api_headers = (*headers, (CSP, API_CSP))
        self.docs = docs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in self.docs:
            await self.app(scope, receive, self._docs_sender(send))
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_missing(message, self.api_headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _docs_sender(self, send: Send) -> Send:
        """Hold the (small) docs page until its inline scripts are known, then send it."""
        start: Message = {}
        chunks: list[bytes] = []

        async def send_docs(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(chunks)
            add_missing(start, (*self.headers, (CSP, docs_csp(page))))
            await send(start)
            await send({"type": "http.response.body", "body": page})

        return send_docs
