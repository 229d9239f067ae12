"""The bare baseline: Starlette + asyncpg + PyJWT serving the same endpoints by hand.

No ORM, no validation layer, no middleware: the token is decoded, the caller is looked
up, and the same SQL as the generated service's list endpoint runs on one pooled
connection. It is what the generated service is measured against (`just bench`).

Run: BENCH_DATABASE_URL=postgresql://... BENCH_SECRET_KEY=... BENCH_ISSUER=... \
     uvicorn bench.bare_app:app
"""

import os
import time
import uuid
from math import ceil
from typing import Any

import asyncpg
import jwt
import orjson
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SECRET = os.environ["BENCH_SECRET_KEY"]
ISSUER = os.environ["BENCH_ISSUER"]
AUDIENCE = os.environ["BENCH_AUDIENCE"]
HASHER = PasswordHash((Argon2Hasher(),))
USER_COLUMNS = (
    "id, tenant_id, email, full_name, is_active, is_superuser, last_login_at, created_at, updated_at"
)


def json(content: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code=status, media_type="application/json")


def claims(request: Request) -> dict[str, Any] | None:
    header = request.headers.get("authorization", "")
    if not header.startswith("Bearer "):
        return None
    try:
        return jwt.decode(header[7:], SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
    except jwt.PyJWTError:
        return None


def user_json(row: asyncpg.Record) -> dict[str, Any]:
    return {key: (str(value) if key in {"id", "tenant_id"} else value) for key, value in row.items()}


async def list_users(request: Request) -> Response:
    token = claims(request)
    if token is None:
        return json({"detail": "unauthorized"}, 401)
    page = int(request.query_params.get("page", 1))
    size = min(int(request.query_params.get("page_size", 20)), 100)
    async with request.app.state.pool.acquire() as connection:
        caller = await connection.fetchrow(
            "SELECT id FROM users WHERE id = $1 AND tenant_id = $2 AND is_active", token["sub"], token["tid"]
        )
        if caller is None:
            return json({"detail": "unauthorized"}, 401)
        total = await connection.fetchval("SELECT count(*) FROM users WHERE tenant_id = $1", token["tid"])
        rows = await connection.fetch(
            f"SELECT {USER_COLUMNS} FROM users WHERE tenant_id = $1"
            " ORDER BY created_at, id LIMIT $2 OFFSET $3",
            token["tid"],
            size,
            (page - 1) * size,
        )
    pages = ceil(total / size) if total else 0
    return json(
        {
            "items": [user_json(row) for row in rows],
            "total": total,
            "page": page,
            "page_size": size,
            "pages": pages,
            "has_next": page < pages,
            "has_prev": page > 1,
        }
    )


async def me(request: Request) -> Response:
    token = claims(request)
    if token is None:
        return json({"detail": "unauthorized"}, 401)
    async with request.app.state.pool.acquire() as connection:
        row = await connection.fetchrow(
            f"SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND tenant_id = $2 AND is_active",
            token["sub"],
            token["tid"],
        )
    return json(user_json(row)) if row else json({"detail": "unauthorized"}, 401)


async def login(request: Request) -> Response:
    body = orjson.loads(await request.body())
    async with request.app.state.pool.acquire() as connection:
        row = await connection.fetchrow(
            "SELECT id, tenant_id, password_hash FROM users WHERE email = $1", body["email"].casefold()
        )
    if row is None or not HASHER.verify(body["password"], row["password_hash"]):
        return json({"detail": "invalid"}, 401)
    now = int(time.time())
    token = jwt.encode(
        {
            "sub": str(row["id"]),
            "tid": str(row["tenant_id"]),
            "jti": uuid.uuid4().hex,
            "iat": now,
            "exp": now + 900,
            "iss": ISSUER,
            "aud": AUDIENCE,
        },
        SECRET,
        algorithm="HS256",
    )
    return json({"access_token": token, "token_type": "bearer", "expires_in": 900})


async def ready(request: Request) -> Response:
    async with request.app.state.pool.acquire() as connection:
        await connection.fetchval("SELECT 1")
    return json({"status": "ready"})


async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
    app.state.pool = await asyncpg.create_pool(os.environ["BENCH_DATABASE_URL"], min_size=5, max_size=10)
    yield
    await app.state.pool.close()


app = Starlette(
    routes=[
        Route("/api/v1/users", list_users),
        Route("/api/v1/users/me", me),
        Route("/api/v1/auth/login", login, methods=["POST"]),
        Route("/health/ready", ready),
    ],
    lifespan=lifespan,
)
