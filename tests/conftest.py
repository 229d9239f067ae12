"""Harness fixtures: one PostgreSQL + Redis pair per worker, a shared uv cache, a report."""

from collections.abc import Iterator

import pytest

from tests.harness import report
from tests.harness.releases import KIT_ROOT, ReleaseError, restore_tags
from tests.harness.services import Services, start_services

# Broken files that the harness copies into renders on purpose; never tests of the kit.
collect_ignore = ["fixtures"]


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller, not an xdist worker
        report.reset()
        # `just tags`: a clone may lack the release tags that the upgrade tests start from.
        if (KIT_ROOT / ".git").exists():
            try:
                restore_tags(KIT_ROOT)
            except ReleaseError as refusal:
                pytest.exit(f"tags: {refusal}", returncode=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that run a project's checks against the servers first, the quick ones after.

    A variant's `just ci` takes minutes; started last, a few of them would keep one worker
    busy while the other idles. `just test` passes `--no-loadscope-reorder`, so xdist hands
    out work in this order (stable: collection order within each kind).
    """
    items.sort(key=lambda item: not runs_a_project(item))


def runs_a_project(item: pytest.Item) -> bool:
    """Uses the harness's servers, or starts the project's own (the README's quick start)."""
    return "services" in getattr(item, "fixturenames", ()) or item.path.name == "test_quick_start.py"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = report.table()
    if lines:
        terminalreporter.section("generated projects: checks and times")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    with start_services() as running:
        report.note(f"servers: {running.source}")
        yield running
