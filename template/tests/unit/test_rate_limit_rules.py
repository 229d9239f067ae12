"""Who a request counts against, which budget applies, and what the client is told."""

import uuid

import pytest
from pydantic import SecretStr
from starlette.types import Scope

from app.config import AppSettings, AuthSettings, Environment, RateLimitSettings
from app.core.auth import AccessTokens, Caller
from app.core.auth.caller import INVALID_TOKEN, MISSING_TOKEN, client_ip_key, identify
from app.core.auth.principal import Principal
from app.core.rate_limit import Decision, RouteRateLimit
from app.core.rate_limit.limiter import binding_decision
from app.core.rate_limit.middleware import global_budget, is_exempt
from app.core.tenancy import Plan

pytestmark = pytest.mark.unit

SECRET = "unit-test-secret-key-of-sufficient-length-123"


@pytest.fixture
def tokens() -> AccessTokens:
    app = AppSettings(_env_file=None, environment=Environment.TEST, secret_key=SecretStr(SECRET))
    return AccessTokens(app, AuthSettings(_env_file=None))


def http_scope(client: str | None = "203.0.113.9", headers: dict[str, str] | None = None) -> Scope:
    return {
        "type": "http",
        "client": (client, 1234) if client else None,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }


def decision(*, allowed: bool = True, remaining: int = 5, reset_at_ms: int = 10_500) -> Decision:
    return Decision(
        allowed=allowed, limit=10, remaining=remaining, reset_at_ms=reset_at_ms, now_ms=9_000
    )


def test_an_accepted_request_is_told_its_budget_without_retry_after() -> None:
    headers = decision().headers()
    assert headers == {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "5",
        "X-RateLimit-Reset": "11",
    }


def test_a_refused_request_is_told_when_to_retry_in_whole_seconds() -> None:
    refused = decision(allowed=False, remaining=0, reset_at_ms=10_200)
    assert refused.headers()["Retry-After"] == "2"
    assert decision(allowed=False, remaining=0, reset_at_ms=9_000).retry_after == 1


def test_the_client_sees_the_budget_closest_to_running_out() -> None:
    roomy, tight = decision(remaining=8), decision(remaining=1)
    refused = decision(allowed=False, remaining=0)
    assert binding_decision([roomy, tight]) is tight
    assert binding_decision([decision(remaining=0), refused, roomy]) is refused
    assert binding_decision([]) is None


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        ("198.51.100.7", "ip:198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", "ip:2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "ip:192.0.2.1"),
        ("testclient", "ip:testclient"),
        (None, "ip:unknown"),
    ],
)
def test_addresses_are_keyed_with_ipv6_grouped_by_64(client: str | None, expected: str) -> None:
    assert client_ip_key(http_scope(client)) == expected


def test_a_valid_bearer_token_counts_against_its_user_with_its_plan(
    tokens: AccessTokens,
) -> None:
    user, tenant = uuid.uuid4(), uuid.uuid4()
    scope = http_scope(
        headers={"Authorization": f"Bearer {tokens.issue(user, tenant, plan=Plan.PRO)}"}
    )
    caller = identify(scope, tokens)
    assert caller.principal is not None
    assert (caller.user_key, caller.plan, caller.tenant_id) == (f"user:{user}", Plan.PRO, tenant)
    assert caller.key == f"user:{user}"
    assert caller.token_problem is None


@pytest.mark.parametrize("authorization", ["Bearer not-a-jwt", "Basic dXNlcjpwdw==", "Bearer "])
def test_anything_but_a_valid_bearer_token_counts_against_the_address(
    tokens: AccessTokens, authorization: str
) -> None:
    caller = identify(http_scope(headers={"Authorization": authorization}), tokens)
    assert caller.principal is None
    assert caller.key == "ip:203.0.113.9"
    expected = INVALID_TOKEN if authorization == "Bearer not-a-jwt" else MISSING_TOKEN
    assert caller.token_problem == expected


def test_anonymous_callers_get_the_default_budget_and_users_their_plans() -> None:
    settings = RateLimitSettings(_env_file=None, requests=7, plan_pro=70, plan_enterprise=700)
    user, tenant = uuid.uuid4(), uuid.uuid4()
    anonymous = Caller(ip_key="ip:192.0.2.1")
    pro = Caller(ip_key="ip:192.0.2.1", principal=Principal(user, tenant, "t", plan=Plan.PRO))
    enterprise = Caller(
        ip_key="ip:192.0.2.1", principal=Principal(user, tenant, "t", plan=Plan.ENTERPRISE)
    )
    assert global_budget(anonymous, settings) == ("global:ip:192.0.2.1", 7)
    assert global_budget(pro, settings) == (f"global:user:{user}", 70)
    assert global_budget(enterprise, settings) == (f"global:user:{user}", 700)


@pytest.mark.parametrize(
    ("path", "exempt"),
    [("/health/live", True), ("/health/ready", True), ("/metrics", True), ("/api/v1/x", False)],
)
def test_probes_and_metrics_are_never_limited(path: str, exempt: bool) -> None:
    assert is_exempt(path) is exempt


@pytest.mark.parametrize(("requests", "window"), [(0, 60), (10, 0), (-1, 1)])
def test_a_route_budget_must_allow_something(requests: int, window: float) -> None:
    with pytest.raises(ValueError, match="requests >= 1"):
        RouteRateLimit(requests, window)
