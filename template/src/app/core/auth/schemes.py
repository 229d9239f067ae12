"""The security scheme the API document shows: OAuth2 password flow, bearer tokens."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a URL path, not a secret

bearer_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)

BearerToken = Annotated[str | None, Depends(bearer_scheme)]
