"""The default service keeps its promises outside the harness's own tidy environment.

- Its test suite is hermetic: it passes after the README's `cp .env.example .env`, and
  with production-style variables exported in the developer's shell.
- Its answers match its OpenAPI document: schemathesis sends schema-valid and
  schema-violating requests (positive and negative cases) to every operation, signed in
  as a tenant owner, and checks each response's status, content type, headers and body
  against the document (errors included, as problem details), with no server error.
  The number of cases per operation is bounded to keep the harness fast.
"""

import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import report
from tests.harness.client import json_request
from tests.harness.project import GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, render
from tests.harness.services import Services, free_port

pytestmark = pytest.mark.xdist_group("default-contract")  # one worker, one render for all tests

REDIS_DB = 34  # this module's own Redis database number on the harness's server
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 10  # cases per operation and phase: about 1,000 requests, under a minute
# Response conformance, no server error, and the API refusing what its document forbids.
# Not `positive_data_acceptance`: a schema-valid request may still break a business rule
# (a wrong password, an email taken: 401, 409); not `unsupported_method`: DELETE
# /users/me reaches DELETE /users/{user_id} and is refused as a bad id (422), not a 405;
# not `ensure_resource_availability`: it guesses from the path that the `id` POST /users
# answers is a `user_id`, but that 202 is a pending invitation, not a user (yet).
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "ignored_auth",
        "use_after_free",
    )
)
# Operations that would end the run's own session: every deeper route would then be 401.
SESSION_ENDING = ("delete_current_tenant", "logout_everywhere")
OWNER = {"email": "owner@contract.example.com", "password": "correct horse battery staple"}


@pytest.fixture(scope="module")
def project(services: Services, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedProject]:
    destination = render(tmp_path_factory.mktemp("contract") / "svc", {"project_name": "Contract Probe"})
    commit_all(destination, "Render")
    project = GeneratedProject(
        destination,
        "default-contract",
        project_env(services, name="contract", redis_db=REDIS_DB, python=python_for("3.12")),
    )
    try:
        project.install()
        yield project
    finally:
        report.record("default-contract", project.report())


def test_the_generated_suite_passes_with_the_example_env_file(project: GeneratedProject) -> None:
    env_file = project.path / ".env"
    shutil.copy(project.path / ".env.example", env_file)
    try:
        project.just("test")
    finally:
        env_file.unlink()


def test_the_generated_suite_passes_with_production_variables_exported(
    project: GeneratedProject,
) -> None:
    production = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "MIGRATION_DATABASE_URL": project.env["TEST_DATABASE_URL"],
    }
    exported = GeneratedProject(project.path, project.name, {**project.env, **production}, project.steps)
    exported.just("test")


def serve(project: GeneratedProject, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(project.path / ".venv/bin/uvicorn"),
            "app.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=project.path,
        env={**env, "PYTHONPATH": "src"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if json_request("GET", f"{base}/health/ready", timeout=5)[0] == 200:
                return server, base
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise AssertionError("the service did not become ready within 90 s")


def test_every_response_conforms_to_the_openapi_document(
    project: GeneratedProject, services: Services
) -> None:
    database = "contract_api"
    env = {
        **project.env,
        "MIGRATION_DATABASE_URL": services.database_url(database),
        "DATABASE_URL": services.database_url(database, login="contract_runtime:contract-runtime-pw"),
        "REDIS_URL": services.redis_url(REDIS_DB),
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DOCS_ENABLED": "true",
        "LOG_LEVEL": "WARNING",
        **{
            f"RATE_LIMIT_{name}": str(10**9)
            for name in ("REQUESTS", "AUTH_REQUESTS", "PLAN_FREE", "PLAN_PRO", "PLAN_ENTERPRISE")
        },
    }
    GeneratedProject(project.path, project.name, env, project.steps).just("db-setup")
    server, base = serve(project, env)
    try:
        status, body = json_request(
            "POST",
            f"{base}/api/v1/auth/register",
            {**OWNER, "full_name": "Contract Owner", "tenant_name": "Contract Co"},
        )
        assert status == 201, body
        command = [
            str(SCHEMATHESIS),
            "run",
            f"{base}/openapi.json",
            "--header",
            f"Authorization: Bearer {body['access_token']}",
            "--checks",
            CHECKS,
            "--mode",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--workers",
            "2",
            "--seed",
            "18",
            "--generation-database",
            "none",
            "--no-color",
            *(option for operation in SESSION_ENDING for option in ("--exclude-operation-id", operation)),
        ]
        # Any failure or error exits non-zero: the step then fails, showing the report.
        output = GeneratedProject(project.path, project.name, env, project.steps).run(
            "schemathesis", command, timeout=600
        )
        assert " passed" in output, output
    finally:
        server.terminate()
        server.wait(timeout=15)
