"""`just new-module` in a fresh default service gives modules that pass `just ci` untouched.

The first module is the typical client feature: a unique-per-tenant number, a positive
amount, a date, a status moved by an action endpoint, and members who may only read. A
second module is added the same way, then a grant of the first is changed with the
documented recipe on a database holding a tenant made before the change: that tenant's
member role must get the new permission through the generated migration. Nothing under
`src/app/core/` may change, and `just ci` (including the modules' own tests: roles, audit
trail, uniqueness, the action, filters, cross-tenant 404s) must pass without a hand edit.
"""

from pathlib import Path

from tests.harness import report
from tests.harness.project import GeneratedProject, project_env, python_for
from tests.harness.render import commit_all, git, render
from tests.harness.services import Services

NAME = "new-module"
INVOICES = (
    "invoices",
    "number:str:unique-per-tenant",
    "amount_cents:int:positive",
    "due_date:date",
    "status:enum(draft,sent,paid)",
    "--action",
    "send",
    "--members",
    "read",
)
NOTES = ("notes", "title:str", "body:text", "pinned:bool", "reviewed_on:date:optional")
MODULE_REGISTRIES = ("tach.toml", "alembic.ini", ".llms/", "docs/reference/api.md")
MEMBER_GRANT_BEFORE = 'MEMBER: ("read",)'
MEMBER_GRANT_AFTER = 'MEMBER: ("read", "create")'

# An empty database for the steps before `just ci` (also when a previous run left one).
EMPTY_DATABASE = """
import asyncio, sys
sys.path.insert(0, "src")
from app.core.database.admin import ensure_database, reset_schema

asyncio.run(ensure_database(sys.argv[1]))
asyncio.run(reset_schema(sys.argv[1]))
"""

# Which tenants' member roles hold invoices:create (run with the project's interpreter).
MEMBERS_WHO_CREATE = """
import asyncio, os
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

QUERY = text(
    "SELECT t.name FROM role_permissions rp JOIN roles r ON r.id = rp.role_id "
    "JOIN permissions p ON p.id = rp.permission_id JOIN tenants t ON t.id = r.tenant_id "
    "WHERE r.name = 'member' AND p.resource = 'invoices' AND p.action = 'create'"
)

async def main() -> None:
    engine = create_async_engine(os.environ["DATABASE_URL"])
    async with engine.connect() as connection:
        print(sorted(row[0] for row in await connection.execute(QUERY)))
    await engine.dispose()

asyncio.run(main())
"""


def changed_paths(destination: Path) -> list[str]:
    status = git(destination, "status", "--porcelain", "--untracked-files=all")
    return [line[3:] for line in status.splitlines()]


def test_scaffolded_modules_and_a_changed_grant_pass_ci_without_touching_core(
    services: Services, tmp_path: Path
) -> None:
    destination = render(tmp_path / "svc", {"project_name": "Module Probe"})
    commit_all(destination, "Render")
    project = GeneratedProject(
        destination,
        NAME,
        project_env(services, name="new_module", redis_db=30, python=python_for("3.12")),
    )
    try:
        project.install()
        commit_all(destination, "Lock")
        output = project.just("new-module", *INVOICES)
        assert "src/app/modules/invoices/routes.py" in output
        changed = changed_paths(destination)
        assert not [path for path in changed if path.startswith("src/app/core/")]
        own = ("src/app/modules/invoices/", "tests/factories/invoice.py")
        own += ("tests/integration/api/test_invoices.py", *MODULE_REGISTRIES)
        assert [path for path in changed if not path.startswith(own)] == []

        project.just("new-module", *NOTES)
        python = str(destination / ".venv/bin/python")
        project.env["DATABASE_URL"] += "_grants"
        project.run("empty database", [python, "-c", EMPTY_DATABASE, project.env["DATABASE_URL"]])
        project.just("migrate")
        project.just("seed")  # tenants made before the grant changes
        assert "[]" in project.run("members before", [python, "-c", MEMBERS_WHO_CREATE])

        permissions = destination / "src/app/modules/invoices/permissions.py"
        text = permissions.read_text()
        assert MEMBER_GRANT_BEFORE in text
        permissions.write_text(text.replace(MEMBER_GRANT_BEFORE, MEMBER_GRANT_AFTER))
        assert "created src/app/modules/invoices/migrations/versions/" in project.just(
            "permissions-migration"
        )
        project.just("migrate")
        after = project.run("members after", [python, "-c", MEMBERS_WHO_CREATE])
        assert "'Acme Demo', 'Globex Demo'" in after

        project.run_ci()
        assert not [p for p in changed_paths(destination) if p.startswith("src/app/core/")]
    finally:
        report.record(NAME, project.report())
