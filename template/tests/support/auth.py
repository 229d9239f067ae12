"""Sign tests in without going through the login endpoint."""

from collections.abc import Callable

from fastapi import FastAPI

from app.modules.users import User


def bearer(app: FastAPI, user: User) -> dict[str, str]:
    token = app.state.access_tokens.issue(user.id, user.tenant_id)
    return {"Authorization": f"Bearer {token}"}


AsUser = Callable[[User], dict[str, str]]
