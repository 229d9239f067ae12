"""One pending sign-in: what the callback needs to finish it, kept on the server."""

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from typing import Self

from authlib.common.security import generate_token


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """Created by the authorize endpoint; claimed (once) by the callback.

    `code_verifier` is the PKCE secret (RFC 7636): only its S256 hash goes to the provider,
    so an intercepted authorization code is useless without this server's record.
    """

    provider: str
    redirect_uri: str
    code_verifier: str
    nonce: str

    @classmethod
    def start(cls, provider: str, redirect_uri: str) -> Self:
        return cls(
            provider=provider,
            redirect_uri=redirect_uri,
            code_verifier=generate_token(64),
            nonce=secrets.token_urlsafe(24),
        )

    def dumps(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def loads(cls, data: bytes) -> Self:
        return cls(**json.loads(data))


def new_state() -> str:
    return secrets.token_urlsafe(32)


def state_key(state: str) -> str:
    """Redis key of a state; only its hash is stored, so Redis holds no usable state."""
    return "oauth:state:" + hashlib.sha256(state.encode()).hexdigest()
