"""argon2id password hashing through pwdlib (a maintained wrapper over argon2-cffi).

`verify()` spends the same time whether or not the account exists: callers pass `None`
for a missing account and a dummy hash is verified instead, so response timing does not
reveal which emails are registered. The dummy is written, not computed: an argon2id
string with the configured cost and a random salt and digest, which no password matches
and whose check costs exactly what a real one does (start-up spends no hash on it).

A hash costs ARGON2_TIME_COST passes over ARGON2_MEMORY_COST KiB of memory (64 MiB by
default) and takes a good fraction of a second of CPU. Run on the event loop it would
stall every other request of the worker for that long, so request code awaits `hash()`
and `verify()`, which run in a worker thread (argon2-cffi releases the GIL), at most
ARGON2_MAX_CONCURRENCY at a time: a burst of sign-ins queues for a slot instead of
holding one 64 MiB buffer per request. Test set-up, which owns no event loop worth
protecting, calls `hash_blocking()`.
"""

import asyncio
import base64
import secrets

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
        self._dummy_hash = unmatchable_hash(settings)
        self._slots = asyncio.Semaphore(settings.argon2_max_concurrency)

    async def hash(self, password: str) -> str:
        async with self._slots:
            return await asyncio.to_thread(self.hash_blocking, password)

    async def verify(self, password: str, password_hash: str | None) -> tuple[bool, str | None]:
        """Return (valid, new_hash); `new_hash` is set when the stored hash needs upgrading."""
        async with self._slots:
            return await asyncio.to_thread(self.verify_blocking, password, password_hash)

    def hash_blocking(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify_blocking(self, password: str, password_hash: str | None) -> tuple[bool, str | None]:
        if password_hash is None:
            self._hasher.verify(password, self._dummy_hash)
            return False, None
        return self._hasher.verify_and_update(password, password_hash)


def unmatchable_hash(settings: AuthSettings) -> str:
    """An argon2id hash of the configured cost that no password verifies against."""

    def random_b64(size: int) -> str:
        return base64.b64encode(secrets.token_bytes(size)).decode().rstrip("=")

    return (
        f"$argon2id$v=19$m={settings.argon2_memory_cost},t={settings.argon2_time_cost},"
        f"p={settings.argon2_parallelism}${random_b64(16)}${random_b64(32)}"
    )
