"""Settings fail fast, with messages an operator can act on."""

import secrets

import pytest
from pydantic import SecretStr, ValidationError

from app.config import (
    AppSettings,
    DatabaseSettings,
    Environment,
    HttpSettings,
    RedisSettings,
    SettingsError,
    load_settings,
    to_asyncpg_url,
)
from app.main import create_app

pytestmark = pytest.mark.unit

REAL_SECRET = secrets.token_urlsafe(48)  # what `just secret` prints


def test_plain_postgres_urls_are_switched_to_asyncpg() -> None:
    assert to_asyncpg_url("postgresql://u:p@h/db") == "postgresql+asyncpg://u:p@h/db"
    assert to_asyncpg_url("postgres://u:p@h/db") == "postgresql+asyncpg://u:p@h/db"
    assert DatabaseSettings(_env_file=None, url="postgresql://u:p@h/db").url.startswith(
        "postgresql+asyncpg://"
    )


def test_migrations_fall_back_to_the_runtime_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIGRATION_DATABASE_URL", raising=False)  # just loads .env
    settings = DatabaseSettings(_env_file=None, url="postgresql://app@h/db")
    assert settings.owner_url == settings.url


@pytest.mark.parametrize("environment", [Environment.STAGING, Environment.PRODUCTION])
@pytest.mark.parametrize("key", ["", "change-me", "short"])
def test_a_missing_or_placeholder_secret_key_is_refused_outside_development(
    environment: Environment, key: str
) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY must be set"):
        AppSettings(_env_file=None, environment=environment, secret_key=SecretStr(key))


@pytest.mark.parametrize(
    "key",
    [
        "a" * 32,
        "x" * 48,
        "<at least 32 random characters>",
        "<at least 32 random characters>!",
        "<at least 32 random characters>x",
        "change-me-change-me-change-me-change-me",
        "ab" * 24,
    ],
)
def test_a_predictable_or_placeholder_secret_key_is_refused_in_production(key: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY must be set to a random value"):
        AppSettings(_env_file=None, environment=Environment.PRODUCTION, secret_key=SecretStr(key))


def test_random_keys_of_the_usual_forms_are_accepted_in_production() -> None:
    for key in (secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_hex(16)):
        AppSettings(_env_file=None, environment=Environment.PRODUCTION, secret_key=SecretStr(key))


def test_the_app_factory_refuses_a_weak_production_key_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:pw@db:5432/app")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "a" * 40)
    with pytest.raises(SystemExit):
        create_app()
    [line] = [line for line in capsys.readouterr().err.splitlines() if "SECRET_KEY" in line]
    assert "single kind of character" in line


def test_development_runs_without_a_secret_key() -> None:
    assert AppSettings(_env_file=None, environment=Environment.DEVELOPMENT).is_development


def test_production_accepts_a_real_secret_key() -> None:
    settings = AppSettings(
        _env_file=None, environment=Environment.PRODUCTION, secret_key=SecretStr(REAL_SECRET)
    )
    assert not settings.is_development


def test_a_wildcard_cors_origin_is_refused() -> None:
    with pytest.raises(ValidationError, match="explicit origins"):
        HttpSettings(_env_file=None, cors_origins="*")


@pytest.mark.parametrize("hosts", ["api.*.example", "*example.com", "*.*.example"])
def test_a_trusted_host_wildcard_must_name_subdomains(hosts: str) -> None:
    with pytest.raises(ValidationError, match="TRUSTED_HOSTS"):
        HttpSettings(_env_file=None, trusted_hosts=hosts)
    assert HttpSettings(_env_file=None, trusted_hosts="*.example.com,*").trusted_hosts


def test_list_settings_accept_comma_separated_values() -> None:
    settings = HttpSettings(_env_file=None, cors_origins="https://a.example, https://b.example")
    assert settings.cors_origins == ["https://a.example", "https://b.example"]


def test_redis_url_must_have_a_redis_scheme() -> None:
    with pytest.raises(ValidationError, match="REDIS_URL must start"):
        RedisSettings(_env_file=None, url="http://localhost:6379")


def test_every_missing_variable_is_named_in_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")  # no .env file
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "change-me")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "DATABASE_URL" in message
    assert "REDIS_URL" in message
    assert "SECRET_KEY must be set" in message


def test_the_app_factory_exits_with_the_message_when_configuration_is_invalid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir("/")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as caught:
        create_app()
    assert caught.value.code == 78
    assert "DATABASE_URL" in capsys.readouterr().err


def test_settings_load_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:pw@db:5432/app")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.setenv("RATE_LIMIT_REQUESTS", "7")
    settings = load_settings()
    assert settings.database.url == "postgresql+asyncpg://app:pw@db:5432/app"
    assert settings.redis.url == "redis://cache:6379/0"
    assert settings.rate_limit.requests == 7


def test_an_empty_docs_setting_leaves_the_choice_to_the_environment() -> None:
    assert HttpSettings(_env_file=None, docs_enabled="").docs_enabled is None
    assert HttpSettings(_env_file=None, docs_enabled="true").docs_enabled is True
