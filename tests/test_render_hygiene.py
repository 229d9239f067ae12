"""A render is complete, clean and deterministic, and bad answers never render."""

import re
from pathlib import Path

import copier
import pytest
import yaml

from tests.harness.kit_clone import clone_kit
from tests.harness.render import KIT_ROOT, git, render
from tests.harness.variants import VARIANTS

QUESTIONS = [key for key in yaml.safe_load((KIT_ROOT / "copier.yml").read_text()) if not key.startswith("_")]
# A Jinja tag, or an expression naming a copier answer, left in the output. Other double
# braces are legitimate: `${{ }}` in workflows, escaped braces in Python f-strings.
JINJA_LEFTOVER = re.compile(r"\{%-?\s|\s-?%\}|\{#\s|\{\{-?\s*(_copier|" + "|".join(QUESTIONS) + r")\b")
# Files whose own syntax uses such tokens.
SYNTAX_WITH_BRACES = {".mako"}


def text_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts]


@pytest.fixture(scope="module", params=list(VARIANTS))
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp(request.param) / "svc", VARIANTS[request.param])


def test_no_jinja_is_left_unrendered(rendered: Path) -> None:
    offenders = []
    for path in text_files(rendered):
        assert not path.name.endswith(".jinja"), path
        if path.suffix in SYNTAX_WITH_BRACES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if JINJA_LEFTOVER.search(line):
                offenders.append(f"{path.relative_to(rendered)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_file_is_empty(rendered: Path) -> None:
    empty = [str(p.relative_to(rendered)) for p in text_files(rendered) if p.stat().st_size == 0]
    assert not empty


def test_the_answers_file_records_every_answer(rendered: Path) -> None:
    answers = yaml.safe_load((rendered / ".copier-answers.yml").read_text())
    assert answers["_src_path"]
    for key in ("project_name", "project_slug", "python_version", "postgres_rls", "tracing"):
        assert key in answers


def test_the_skeleton_is_where_the_docs_say(rendered: Path) -> None:
    for path in (
        "src/app/core",
        "src/app/modules",
        "src/app/main.py",
        "justfile",
        "tach.toml",
        "alembic.ini",
        ".env.example",
        "tests/unit",
        "tests/integration",
        "tests/e2e",
        "tests/factories",
    ):
        assert (rendered / path).exists(), path


def test_rendering_twice_gives_identical_trees(tmp_path: Path) -> None:
    def tree(root: Path) -> dict[Path, bytes]:
        # A dirty kit checkout is rendered from a throwaway commit whose id differs per render.
        return {
            path.relative_to(root): re.sub(rb"(?m)^_commit: .*$", b"", path.read_bytes())
            for path in text_files(root)
        }

    assert tree(render(tmp_path / "one", {})) == tree(render(tmp_path / "two", {}))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_slug": "Bad-Slug"}, "project_slug must start with a lowercase letter"),
        ({"project_slug": "1abc"}, "project_slug must start with a lowercase letter"),
        ({"author_email": "not-an-email"}, "author_email must be a valid email"),
        ({"acme_email": "nobody@"}, "acme_email must be a valid email"),
        ({"domain": "Not A Domain"}, "domain must be a lowercase DNS name"),
        ({"project_name": 'Quote "me"'}, "project_name must not contain quotes"),
        ({"python_version": "3.9"}, "3.9"),
    ],
)
def test_invalid_answers_are_refused_with_a_clear_message(
    tmp_path: Path, answers: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        render(tmp_path / "svc", answers)
    assert not (tmp_path / "svc" / "pyproject.toml").exists()


@pytest.mark.parametrize(
    ("toggle", "needles"),
    [
        ("tracing", ["opentelemetry"]),
        ("metrics", ["prometheus"]),
        ("background_worker", ["arq"]),
        ("oauth_providers", ["authlib", "oidc"]),
        ("postgres_rls", ["row level security", "row_level_security"]),
        ("docs_site", ["mkdocs"]),
    ],
)
def test_a_feature_turned_off_leaves_nothing_behind(tmp_path: Path, toggle: str, needles: list[str]) -> None:
    rendered = render(tmp_path / "svc", {toggle: [] if toggle == "oauth_providers" else False})
    for path in text_files(rendered):
        if path.name == ".copier-answers.yml":
            continue
        content = path.read_text().lower()
        for needle in needles:
            assert needle not in content, f"{needle!r} in {path.relative_to(rendered)}"


def test_the_harness_renders_the_working_tree_even_when_the_kit_has_release_tags(tmp_path: Path) -> None:
    kit = clone_kit(tmp_path / "kit")
    git(kit, "tag", "v99.0.0")
    agents = kit / "template" / "AGENTS.md.jinja"
    agents.write_text(agents.read_text() + "\nAn uncommitted change to the template.\n")

    newest_tag = tmp_path / "tagged"
    copier.run_copy(str(kit), newest_tag, defaults=True, unsafe=False, quiet=True)
    working_tree = render(tmp_path / "working", template=kit)

    assert "An uncommitted change" not in (newest_tag / "AGENTS.md").read_text()
    assert "An uncommitted change" in (working_tree / "AGENTS.md").read_text()
    assert "_commit: v99.0.0" in (working_tree / ".copier-answers.yml").read_text()
