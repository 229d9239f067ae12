"""Access tokens verify only when this service issued them, unchanged, for this API."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import SecretStr

from app.config import AppSettings, AuthSettings, Environment
from app.core.auth import AccessTokens, InvalidTokenError, hash_refresh_token, new_refresh_token
from app.core.auth.tokens import VERIFIED_TOKENS

pytestmark = pytest.mark.unit

SECRET = "unit-test-secret-key-of-sufficient-length-123"


@pytest.fixture
def tokens() -> AccessTokens:
    app = AppSettings(_env_file=None, environment=Environment.TEST, secret_key=SecretStr(SECRET))
    return AccessTokens(app, AuthSettings(_env_file=None))


def claims(tokens: AccessTokens, token: str) -> dict[str, object]:
    return jwt.decode(token, options={"verify_signature": False})


def test_a_token_round_trips_to_its_principal(tokens: AccessTokens) -> None:
    user, tenant = uuid.uuid4(), uuid.uuid4()
    principal = tokens.decode(tokens.issue(user, tenant))
    assert (principal.user_id, principal.tenant_id) == (user, tenant)
    assert principal.token_id


def test_a_token_carries_the_standard_claims_and_lives_fifteen_minutes(
    tokens: AccessTokens,
) -> None:
    payload = claims(tokens, tokens.issue(uuid.uuid4(), uuid.uuid4()))
    assert {"sub", "tid", "jti", "iat", "exp", "iss", "aud"} <= set(payload)
    assert int(str(payload["exp"])) - int(float(str(payload["iat"]))) == 15 * 60


def test_a_token_knows_when_it_was_issued_to_the_millisecond_rounded_down(
    tokens: AccessTokens,
) -> None:
    issued = datetime.now(UTC)
    principal = tokens.decode(tokens.issue(uuid.uuid4(), uuid.uuid4(), now=issued))
    assert issued.timestamp() - 0.001 < principal.issued_at <= issued.timestamp()


def test_an_expired_token_is_refused(tokens: AccessTokens) -> None:
    old = datetime.now(UTC) - timedelta(hours=1)
    with pytest.raises(InvalidTokenError):
        tokens.decode(tokens.issue(uuid.uuid4(), uuid.uuid4(), now=old))


def test_a_tampered_token_is_refused(tokens: AccessTokens) -> None:
    token = tokens.issue(uuid.uuid4(), uuid.uuid4())
    header, _, signature = token.split(".")
    forged = jwt.encode({**claims(tokens, token), "tid": str(uuid.uuid4())}, "x" * 32).split(".")[1]
    with pytest.raises(InvalidTokenError):
        tokens.decode(f"{header}.{forged}.{signature}")


def test_an_unsigned_alg_none_token_is_refused(tokens: AccessTokens) -> None:
    payload = claims(tokens, tokens.issue(uuid.uuid4(), uuid.uuid4()))
    unsigned = jwt.encode(payload, key=None, algorithm="none")
    with pytest.raises(InvalidTokenError):
        tokens.decode(unsigned)


@pytest.mark.parametrize("claim", ["aud", "iss"])
def test_a_token_for_another_audience_or_issuer_is_refused(
    tokens: AccessTokens, claim: str
) -> None:
    payload = {**claims(tokens, tokens.issue(uuid.uuid4(), uuid.uuid4())), claim: "someone-else"}
    with pytest.raises(InvalidTokenError):
        tokens.decode(jwt.encode(payload, SECRET, algorithm="HS256"))


def test_a_token_signed_with_another_algorithm_is_refused(tokens: AccessTokens) -> None:
    payload = claims(tokens, tokens.issue(uuid.uuid4(), uuid.uuid4()))
    with pytest.raises(InvalidTokenError):
        tokens.decode(jwt.encode(payload, SECRET * 2, algorithm="HS512"))


def test_a_token_missing_the_tenant_claim_is_refused(tokens: AccessTokens) -> None:
    payload = claims(tokens, tokens.issue(uuid.uuid4(), uuid.uuid4()))
    del payload["tid"]
    with pytest.raises(InvalidTokenError):
        tokens.decode(jwt.encode(payload, SECRET, algorithm="HS256"))


def test_garbage_is_refused(tokens: AccessTokens) -> None:
    with pytest.raises(InvalidTokenError):
        tokens.decode("not.a.token")


def test_development_without_a_secret_key_uses_an_ephemeral_one() -> None:
    app = AppSettings(_env_file=None, environment=Environment.DEVELOPMENT)
    first = AccessTokens(app, AuthSettings(_env_file=None))
    second = AccessTokens(app, AuthSettings(_env_file=None))
    token = first.issue(uuid.uuid4(), uuid.uuid4())
    assert first.decode(token)
    with pytest.raises(InvalidTokenError):
        second.decode(token)


def test_a_remembered_token_is_refused_once_it_expires(tokens: AccessTokens) -> None:
    issued = datetime.now(UTC) - tokens.lifetime + timedelta(seconds=1)
    token = tokens.issue(uuid.uuid4(), uuid.uuid4(), now=issued)
    first = tokens.decode(token)
    assert tokens.decode(token) is first  # the second use is answered from memory
    expires = int(str(claims(tokens, token)["exp"]))
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    with pytest.raises(InvalidTokenError):
        tokens.decode(token)


def test_only_the_exact_verified_string_is_remembered(tokens: AccessTokens) -> None:
    token = tokens.issue(uuid.uuid4(), uuid.uuid4())
    tokens.decode(token)
    with pytest.raises(InvalidTokenError):
        tokens.decode(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))


def test_the_memory_of_verified_tokens_is_bounded(tokens: AccessTokens) -> None:
    first = tokens.issue(uuid.uuid4(), uuid.uuid4())
    tokens.decode(first)
    for _ in range(VERIFIED_TOKENS):
        tokens.decode(tokens.issue(uuid.uuid4(), uuid.uuid4()))
    assert len(tokens._verified) == VERIFIED_TOKENS  # the bound is the point
    assert first not in tokens._verified  # the oldest went first
    assert tokens.decode(first)  # and is simply verified again


def test_refresh_tokens_are_random_and_only_their_hash_is_kept() -> None:
    token, token_hash = new_refresh_token()
    other, _ = new_refresh_token()
    assert token != other
    assert token_hash == hash_refresh_token(token)
    assert token not in token_hash
