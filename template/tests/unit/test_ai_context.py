"""The AI context names only what exists: every path, every `just` recipe, every excerpt.

AGENTS.md, .cursorrules and .llms/*.md tell assistants (and people) where things are and
what to run. These tests read them the way a reader would and fail, naming the file and
the stale reference, when a path, a recipe or a quoted excerpt no longer matches the
repository, so the text is corrected in the change that made it wrong.

What counts as a reference:
- a backticked path: it contains `/` or ends in a known file suffix (`src/app/main.py`,
  `tests/factories/`, `alembic.ini`). `<name>` and `*` are wildcards that must match at
  least one existing path; a trailing `/` must be a directory. URL paths (`/api/v1/...`)
  are not repository paths;
- `just <recipe>` in backticks or in a shell code block;
- a code block whose info string carries `title="<path>"`: every line of it, except `...`
  elisions, must appear in that file in the same order (indentation aside).
"""

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[2]
CONTEXT_FILES = (
    "AGENTS.md",
    ".cursorrules",
    ".llms/CONTEXT.md",
    ".llms/ARCHITECTURE.md",
    ".llms/PATTERNS.md",
)

FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`([^`\n]+)`")
TITLE = re.compile(r'title="([^"]+)"')
PATH_LIKE = re.compile(r"^[\w.<>*-]+(?:/[\w.<>*-]*)*$")
PLACEHOLDER = re.compile(r"<[^>/]+>")
RECIPE = re.compile(r"(?:^|[\s;&|(])just\s+([a-z][\w-]*)")
SHELL_FENCES = frozenset({"", "bash", "sh", "shell", "console"})
FILE_SUFFIXES = frozenset(
    {".py", ".md", ".toml", ".ini", ".yml", ".yaml", ".sql", ".txt", ".json", ".mako", ".tmpl"}
)
FILE_NAMES = frozenset({"justfile", ".cursorrules", ".env.example", ".python-version"})
ELISIONS = frozenset({"...", "# ..."})


def context_files(root: Path) -> list[Path]:
    named = [root / name for name in CONTEXT_FILES]
    return sorted({*named, *(root / ".llms").glob("*.md")})


def without_fences(markdown: str) -> str:
    return FENCE.sub("", markdown)


def code_spans(markdown: str) -> list[str]:
    return [span.strip() for span in INLINE.findall(without_fences(markdown))]


def fences(markdown: str) -> Iterator[tuple[str, str]]:
    for match in FENCE.finditer(markdown):
        yield match.group(1).strip(), match.group(2)


def is_repository_path(span: str) -> bool:
    if span.startswith(("/", "~")) or not PATH_LIKE.match(span):
        return False
    return "/" in span or Path(span).suffix in FILE_SUFFIXES or span in FILE_NAMES


def path_references(markdown: str) -> set[str]:
    spans = {span for span in code_spans(markdown) if is_repository_path(span)}
    titles = {
        title.group(1) for info, _ in fences(markdown) if (title := TITLE.search(info)) is not None
    }
    return spans | titles


def recipe_references(markdown: str) -> set[str]:
    commands = list(code_spans(markdown))
    for info, body in fences(markdown):
        if info.split(" ", 1)[0] in SHELL_FENCES:
            commands += [line.split("#", 1)[0] for line in body.splitlines()]
    return {match for command in commands for match in RECIPE.findall(command)}


def path_exists(reference: str, root: Path) -> bool:
    wanted_directory = reference.endswith("/")
    pattern = PLACEHOLDER.sub("*", reference.rstrip("/"))
    if "*" in pattern:
        matches = list(root.glob(pattern))
    else:
        matches = [root / pattern] if (root / pattern).exists() else []
    return any(match.is_dir() for match in matches) if wanted_directory else bool(matches)


def excerpt_drift(markdown: str, root: Path) -> list[str]:
    """The first line of each titled excerpt that its file no longer has, in order."""
    problems = []
    for info, body in fences(markdown):
        title = TITLE.search(info)
        if title is None or not (root / title.group(1)).is_file():
            continue  # a missing file is reported as a stale path
        source = [line.strip() for line in (root / title.group(1)).read_text().splitlines()]
        position = 0
        for line in (line.strip() for line in body.splitlines()):
            if not line or line in ELISIONS:
                continue
            try:
                position = source.index(line, position) + 1
            except ValueError:
                problems.append(f"excerpt of {title.group(1)} no longer matches at: {line}")
                break
    return problems


def stale_references(markdown: str, root: Path, recipes: set[str]) -> list[str]:
    problems = [
        f"path `{path}` does not exist"
        for path in sorted(path_references(markdown))
        if not path_exists(path, root)
    ]
    problems += [
        f"`just {recipe}` is not a recipe of the justfile"
        for recipe in sorted(recipe_references(markdown) - recipes)
    ]
    return problems + excerpt_drift(markdown, root)


def justfile_recipes(root: Path) -> set[str]:
    """Recipe names as the project's own `just` reads them (from the virtualenv)."""
    local = Path(sys.executable).with_name("just")
    just = str(local) if local.exists() else shutil.which("just")
    assert just is not None, "`just` is not installed: run `uv sync`"
    summary = subprocess.run(  # noqa: S603 - the project's own just, on its own justfile
        [just, "--justfile", str(root / "justfile"), "--working-directory", str(root), "--summary"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(summary.stdout.split())


@pytest.fixture(scope="module")
def recipes() -> set[str]:
    return justfile_recipes(ROOT)


def test_the_context_files_are_present() -> None:
    missing = [name for name in CONTEXT_FILES if not (ROOT / name).is_file()]
    assert not missing, f"AI context files missing: {missing}"
    assert "AGENTS.md" in (ROOT / ".cursorrules").read_text()


@pytest.mark.parametrize("path", context_files(ROOT), ids=lambda path: path.name)
def test_every_reference_in_the_ai_context_is_current(path: Path, recipes: set[str]) -> None:
    problems = stale_references(path.read_text(), ROOT, recipes)
    assert not problems, f"{path.relative_to(ROOT)} is stale:\n  " + "\n  ".join(problems)


def test_the_checks_find_every_kind_of_stale_reference(tmp_path: Path) -> None:
    (tmp_path / "src/app").mkdir(parents=True)
    (tmp_path / "src/app/main.py").write_text("def create_app():\n    return App()\n")
    markdown = """
Read `src/app/main.py`, `src/app/gone.py`, `src/<name>/` and `tests/<name>/`, run
`just ci` and `just deploy-everything`; `/api/v1/users` and `app.core` are not paths.

```bash
uv run just ci
just vanished --fast
```

```python title="src/app/main.py"
def create_app():
    ...
    return OtherApp()
```
"""
    problems = stale_references(markdown, tmp_path, recipes={"ci"})
    assert problems == [
        "path `src/app/gone.py` does not exist",
        "path `tests/<name>/` does not exist",
        "`just deploy-everything` is not a recipe of the justfile",
        "`just vanished` is not a recipe of the justfile",
        "excerpt of src/app/main.py no longer matches at: return OtherApp()",
    ]
