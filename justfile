# Agency Standard Kit: commands for kit developers. Run through uv: `uv run just <command>`.

set positional-arguments

export UV_PYTHON_DOWNLOADS := "never"
export PATH := justfile_directory() / ".venv/bin:" + env("PATH")

# List commands
default:
    @just --list --unsorted

# Recreate every missing release tag (vX.Y.Z) from the commits the CHANGELOG headings record
tags:
    python -m tests.harness.releases tags

# Release the current commit as vX.Y.Z: moves [Unreleased] in CHANGELOG.md under it, commits, tags
release version:
    python -m tests.harness.releases release "$1"

# Renders live in KIT_BASETEMP (/tmp/kit-harness), not pytest's shared /tmp/pytest-of-<user>:
# every pytest session (each project's own) resets that folder to 0700, which would shut the
# postgres user out of the server binaries inside a rendered project's .venv mid-run.

# The whole harness: render every variant and run its own `just ci`, plus render/update tests
test *args:
    pytest -n 2 --dist loadgroup --no-loadscope-reorder --basetemp "${KIT_BASETEMP:-/tmp/kit-harness}" "$@"

# Render the template: `just render /tmp/svc project_name="Acme API" tracing=false`
render dest *answers:
    python -m tests.harness.cli "$@"

# Render the default service, start throwaway servers, boot it and call it as a client
demo:
    python -m tests.harness.demo

# Lint the kit's own Python (the harness); generated code is checked per variant by `just test`
lint:
    ruff check .
    ruff format --check .

# Benchmarks: the generated service against a hand-written FastAPI peer and a bare baseline, start-up, scaffold, tooling
bench *args:
    python -m bench.run "$@"

# Per-request budget: microseconds per feature on the users list and users/me (in-process, pyinstrument)
bench-budget *args:
    python -m bench.budget "$@"

# Regenerate the template's generated AI-context files (.llms/openapi.yaml, schema.sql, API docs)
refresh-context:
    python -m tests.harness.context_files
