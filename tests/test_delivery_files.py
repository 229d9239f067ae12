"""Every variant's delivery files pass their linters and are wired the way the docs say.

The linters (`tests/harness/delivery.py`): hadolint on both Dockerfiles, `caddy validate`
and `caddy fmt` on the Caddyfile, the Compose Specification's schema (and `docker compose
config` where a Compose plugin answers) on both compose files, actionlint with shellcheck on
every workflow, SchemaStore's schema on the Dependabot config.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.harness import report
from tests.harness.delivery import CHECKS
from tests.harness.render import render
from tests.harness.variants import VARIANTS


# One xdist group per variant: each variant is rendered once, by one worker.
@pytest.fixture(
    scope="module",
    params=[pytest.param(name, marks=pytest.mark.xdist_group(f"delivery-{name}")) for name in VARIANTS],
)
def variant(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    answers = VARIANTS[request.param]
    project = render(tmp_path_factory.mktemp(f"delivery-{request.param}") / "svc", answers)
    return project, yaml.safe_load((project / ".copier-answers.yml").read_text())


def compose(project: Path, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / "deploy" / name).read_text())
    return loaded


@pytest.mark.parametrize("check", list(CHECKS))
def test_delivery_files_pass_their_linters(variant: tuple[Path, dict], check: str) -> None:
    project, _ = variant
    for line in CHECKS[check](project):
        report.note(line)


def test_the_images_run_the_answered_python_as_a_non_root_user(variant: tuple[Path, dict]) -> None:
    project, answers = variant
    for name in ("Dockerfile", "Dockerfile.dev"):
        dockerfile = (project / "deploy" / name).read_text()
        assert f"ARG PYTHON_VERSION={answers['python_version']}\n" in dockerfile, name
        assert re.search(r"^USER (?!root)\S+", dockerfile, re.MULTILINE), name
    production = (project / "deploy" / "Dockerfile").read_text()
    assert "UV_COMPILE_BYTECODE=1" in production
    assert "/health/live" in production
    assert '"--factory"' in production
    assert '"--proxy-headers"' in production


def test_the_dev_stack_publishes_the_ports_of_the_env_example(variant: tuple[Path, dict]) -> None:
    """Containers or .local/ servers: `just dev` serves the same .env either way."""
    project, answers = variant
    env_example = (project / ".env.example").read_text()
    database_url = r"^DATABASE_URL=postgresql\+asyncpg://[^@]+@localhost:(\d+)/"
    database_port = re.search(database_url, env_example, re.M)
    redis_port = re.search(r"^REDIS_URL=redis://localhost:(\d+)/", env_example, re.M)
    assert database_port, "DATABASE_URL of .env.example is not on localhost"
    assert redis_port, "REDIS_URL of .env.example is not on localhost"
    services = compose(project, "docker-compose.yml")["services"]
    assert f"{database_port[1]}:5432" in services["postgres"]["ports"]
    assert f"{redis_port[1]}:6379" in services["redis"]["ports"]
    assert services["postgres"]["image"] == "postgres:18"
    assert services["redis"]["image"] == "redis:7"
    assert ("worker" in services) == answers["background_worker"]


def test_the_production_stack_migrates_first_and_hides_the_data(variant: tuple[Path, dict]) -> None:
    project, answers = variant
    stack = compose(project, "docker-compose.prod.yml")
    services = stack["services"]
    assert stack["networks"]["internal"]["internal"] is True
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"caddy"}
    for data in ("postgres", "redis"):
        assert services[data]["networks"] == ["internal"]
    migrate = " ".join(services["migrate"]["command"])
    assert "alembic upgrade head" in migrate
    assert ("scripts/create_app_role.py" in migrate) == answers["postgres_rls"]
    runners = ["app", "worker"] if answers["background_worker"] else ["app"]
    assert ("worker" in services) == answers["background_worker"]
    for name in runners:
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert services[name]["restart"] == "unless-stopped", name
    caddyfile = (project / "deploy" / "Caddyfile").read_text()
    assert f"email {answers['acme_email']}" in caddyfile
    assert re.search(rf"^{re.escape(answers['domain'])} {{$", caddyfile, re.MULTILINE)
