"""The request walk in .llms/ARCHITECTURE.md is the code's: its session hooks are the ones
registered, in the order they run, and nothing registers a listener behind their back."""

import re
from pathlib import Path

import pytest

from app.core.session_hooks import install_session_hooks, session_hooks
from app.features import installed_features

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / ".llms/ARCHITECTURE.md"
HOOK_LINE = re.compile(r"^- `(?P<name>[\w.]+)` \((?P<events>[^)]+)\)", re.MULTILINE)
# The only files that may call SQLAlchemy's event API: the Hook that installs the listed
# hooks, and the engine's pool listeners (documented under the list).
REGISTERS_LISTENERS = {"src/app/core/database/hooks.py", "src/app/core/database/engine.py"}


def documented_hooks() -> list[tuple[str, str]]:
    text = ARCHITECTURE.read_text()
    section = text[text.index("### Session hooks") :]
    section = section[: section.index("\n## ")] if "\n## " in section else section
    return [
        (match["name"], event.strip().removeprefix("engine ").strip("`"))
        for match in HOOK_LINE.finditer(section)
        for event in match["events"].split(",")
    ]


def test_the_documented_session_hooks_are_the_registered_ones_in_order() -> None:
    hooks = session_hooks(installed_features())
    assert documented_hooks() == [(hook.name, hook.event) for hook in hooks]


def test_installing_registers_every_hook_once_however_often_it_is_called() -> None:
    first = install_session_hooks(installed_features())
    assert install_session_hooks(installed_features()) == first
    assert all(hook.installed() for hook in first)


def test_no_module_registers_a_listener_outside_the_hooks() -> None:
    registering = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if re.search(r"\bevent\.(listen|listens_for)\b|@listens_for", path.read_text())
    }
    assert registering <= REGISTERS_LISTENERS, registering - REGISTERS_LISTENERS
