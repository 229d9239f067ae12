"""argon2id password hashing through pwdlib (a maintained wrapper over argon2-cffi).

`verify()` spends the same time whether or not the account exists: callers pass `None`
for a missing account and a dummy hash is verified instead, so response timing does not
reveal which emails are registered.
"""

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.config import AuthSettings


class Passwords:
    def __init__(self, settings: AuthSettings) -> None:
        self._hasher = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=settings.argon2_time_cost,
                    memory_cost=settings.argon2_memory_cost,
                    parallelism=settings.argon2_parallelism,
                ),
            )
        )
        self._dummy_hash = self._hasher.hash("timing-equaliser-for-unknown-accounts")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password: str, password_hash: str | None) -> tuple[bool, str | None]:
        """Return (valid, new_hash); `new_hash` is set when the stored hash needs upgrading."""
        if password_hash is None:
            self._hasher.verify(password, self._dummy_hash)
            return False, None
        return self._hasher.verify_and_update(password, password_hash)
