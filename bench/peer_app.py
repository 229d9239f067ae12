"""The peer: the same endpoints written by hand the way the FastAPI documentation teaches.

FastAPI + async SQLAlchemy ORM (a declarative `User`, `create_async_engine`,
`async_sessionmaker`, a `get_session` dependency yielding an `AsyncSession`), PyJWT for
the bearer token (`OAuth2PasswordBearer`, a `current_user` dependency that loads the user
through the ORM), pydantic `UserRead` and `Page[UserRead]` as `response_model`s, pwdlib
argon2 for sign-in. None of the kit's features: no rate limit, metrics, tracing, audit,
access log, security headers or tenant wall; the list filters by the caller's tenant in
its own query. Its JSON has the generated service's fields, and its SQL returns the same
rows (count, then the page ordered by created_at, id).

The pool is the generated service's (`pool_size=10`, `max_overflow=0`), so neither side
wins by holding more connections. It is what `just bench` measures the service against,
next to the driver-level baseline in `bench/bare_app.py`.

Run: BENCH_DATABASE_URL=postgresql://... BENCH_SECRET_KEY=... BENCH_ISSUER=... \
     BENCH_AUDIENCE=... uvicorn bench.peer_app:app
"""

import os
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from math import ceil
from typing import Annotated, Any, Generic, TypeVar

import jwt
from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.security import OAuth2PasswordBearer
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import BaseModel, ConfigDict, computed_field
from sqlalchemy import DateTime, String, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SECRET_KEY = os.environ["BENCH_SECRET_KEY"]
ISSUER = os.environ["BENCH_ISSUER"]
AUDIENCE = os.environ["BENCH_AUDIENCE"]
ALGORITHM = "HS256"
ACCESS_TOKEN_SECONDS = 900
DATABASE_URL = os.environ["BENCH_DATABASE_URL"].replace("postgresql://", "postgresql+asyncpg://", 1)

engine = create_async_engine(DATABASE_URL, pool_size=10, max_overflow=0)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
password_hash = PasswordHash((Argon2Hasher(),))
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool]
    is_superuser: Mapped[bool]
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    tenant_id: uuid.UUID
    email: str
    full_name: str
    is_active: bool
    is_superuser: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int:
        return ceil(self.total / self.page_size) if self.total else 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_prev(self) -> bool:
        return self.page > 1


class LoginRequest(BaseModel):
    email: str
    password: str


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]

credentials_exception = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Could not validate credentials",
    headers={"WWW-Authenticate": "Bearer"},
)


async def current_user(token: Annotated[str, Depends(oauth2_scheme)], session: SessionDep) -> User:
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER)
        user_id, tenant_id = uuid.UUID(payload["sub"]), uuid.UUID(payload["tid"])
    except (jwt.PyJWTError, KeyError, ValueError):
        raise credentials_exception from None
    user = await session.scalar(
        select(User).where(User.id == user_id, User.tenant_id == tenant_id, User.is_active)
    )
    if user is None:
        raise credentials_exception
    return user


CurrentUser = Annotated[User, Depends(current_user)]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/api/v1/users", response_model=Page[UserRead])
async def list_users(
    user: CurrentUser,
    session: SessionDep,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    tenant = User.tenant_id == user.tenant_id
    total = await session.scalar(select(func.count()).select_from(User).where(tenant)) or 0
    users = await session.scalars(
        select(User)
        .where(tenant)
        .order_by(User.created_at, User.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    # As the tutorial does: return ORM objects, `response_model` validates and filters them.
    return {"items": users.all(), "total": total, "page": page, "page_size": page_size}


@app.get("/api/v1/users/me", response_model=UserRead)
async def read_me(user: CurrentUser) -> User:
    return user


@app.post("/api/v1/auth/login", response_model=Token)
async def login(credentials: LoginRequest, session: SessionDep) -> Token:
    user = await session.scalar(select(User).where(User.email == credentials.email.casefold()))
    if (
        user is None
        or user.password_hash is None
        or not password_hash.verify(credentials.password, user.password_hash)
    ):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Incorrect email or password")
    now = int(time.time())
    claims = {
        "sub": str(user.id),
        "tid": str(user.tenant_id),
        "jti": uuid.uuid4().hex,
        "iat": now,
        "exp": now + ACCESS_TOKEN_SECONDS,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    token = jwt.encode(claims, SECRET_KEY, algorithm=ALGORITHM)
    return Token(access_token=token, expires_in=ACCESS_TOKEN_SECONDS)


@app.get("/health/ready")
async def ready(session: SessionDep) -> dict[str, str]:
    await session.execute(text("SELECT 1"))
    return {"status": "ready"}
