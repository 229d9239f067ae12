"""Passwords are hashed with argon2id and checked in constant time."""

import pytest

from app.config import AuthSettings
from app.core.auth import Passwords

pytestmark = pytest.mark.unit


def cheap(time_cost: int = 1) -> Passwords:
    return Passwords(
        AuthSettings(
            _env_file=None,
            argon2_time_cost=time_cost,
            argon2_memory_cost=1024,
            argon2_parallelism=1,
        )
    )


def test_a_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    passwords = cheap()
    password_hash = passwords.hash("s3cret-enough")
    assert password_hash.startswith("$argon2id$")
    assert passwords.verify("s3cret-enough", password_hash) == (True, None)
    assert passwords.verify("wrong", password_hash)[0] is False


def test_an_unknown_account_is_checked_against_a_dummy_hash() -> None:
    assert cheap().verify("anything", None) == (False, None)


def test_a_hash_made_with_weaker_settings_is_upgraded_on_sign_in() -> None:
    old_hash = cheap(time_cost=1).hash("s3cret-enough")
    valid, upgraded = cheap(time_cost=2).verify("s3cret-enough", old_hash)
    assert valid
    assert upgraded is not None
    assert upgraded != old_hash
