"""Passwords are hashed with argon2id, checked in constant time, and never on the event loop."""

import asyncio
import threading
import time

import pytest

from app.config import AuthSettings
from app.core.auth import Passwords
from app.core.auth.passwords import unmatchable_hash

pytestmark = pytest.mark.unit


def cheap_settings(time_cost: int = 1, max_concurrency: int = 2) -> AuthSettings:
    return AuthSettings(
        _env_file=None,
        argon2_time_cost=time_cost,
        argon2_memory_cost=1024,
        argon2_parallelism=1,
        argon2_max_concurrency=max_concurrency,
    )


def cheap(time_cost: int = 1) -> Passwords:
    return Passwords(cheap_settings(time_cost))


class SlowPasswords(Passwords):
    """Hashing that takes 50 ms of a worker thread and records how many ran at once."""

    def __init__(self, max_concurrency: int) -> None:
        super().__init__(cheap_settings(max_concurrency=max_concurrency))
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def hash_blocking(self, password: str) -> str:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.05)
        with self._lock:
            self.running -= 1
        return f"hashed:{password}"


async def test_a_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    passwords = cheap()
    password_hash = await passwords.hash("s3cret-enough")
    assert password_hash.startswith("$argon2id$")
    assert await passwords.verify("s3cret-enough", password_hash) == (True, None)
    assert (await passwords.verify("wrong", password_hash))[0] is False


async def test_an_unknown_account_is_checked_against_a_dummy_hash() -> None:
    assert await cheap().verify("anything", None) == (False, None)


def test_the_dummy_hash_costs_what_a_real_one_does() -> None:
    settings = cheap_settings(time_cost=2)
    real, dummy = Passwords(settings).hash_blocking("x"), unmatchable_hash(settings)
    assert dummy.rsplit("$", 2)[0] == real.rsplit("$", 2)[0]  # same algorithm and cost
    assert len(dummy) == len(real)
    assert Passwords(settings).verify_blocking("x", dummy) == (False, None)


async def test_a_hash_made_with_weaker_settings_is_upgraded_on_sign_in() -> None:
    old_hash = cheap(time_cost=1).hash_blocking("s3cret-enough")
    valid, upgraded = await cheap(time_cost=2).verify("s3cret-enough", old_hash)
    assert valid
    assert upgraded is not None
    assert upgraded != old_hash


def test_scripts_hash_and_verify_without_an_event_loop() -> None:
    passwords = cheap()
    assert passwords.verify_blocking("s3cret-enough", passwords.hash_blocking("s3cret-enough"))[0]


async def test_hashing_runs_off_the_event_loop() -> None:
    passwords = SlowPasswords(max_concurrency=2)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    ticker = asyncio.create_task(tick())
    await asyncio.gather(*(passwords.hash(f"p{n}") for n in range(4)))
    ticker.cancel()
    assert ticks >= 10  # the loop kept serving while four 50 ms hashes ran


@pytest.mark.parametrize("limit", [1, 2])
async def test_at_most_the_configured_number_of_hashes_run_at_once(limit: int) -> None:
    passwords = SlowPasswords(max_concurrency=limit)
    hashes = await asyncio.gather(*(passwords.hash(f"p{n}") for n in range(5)))
    assert hashes == [f"hashed:p{n}" for n in range(5)]
    assert passwords.most_at_once == limit
