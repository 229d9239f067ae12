"""Releases are tags recorded in the CHANGELOG: restorable in any clone, made only from a clean tree."""

import datetime
import re
from pathlib import Path

import copier
import pytest

from tests.harness.kit_clone import clone_kit
from tests.harness.releases import ReleaseError, release, releases, restore_tags
from tests.harness.render import commit_all, git, render

TODAY = datetime.date(2026, 12, 6)
UNRELEASED = """# Changelog

## [Unreleased]

### Added
- Something new.

### Upgrading
- Nothing to do.
"""


def kit_repo(path: Path, changelog: str = UNRELEASED) -> Path:
    path.mkdir()
    (path / "CHANGELOG.md").write_text(changelog)
    (path / "README.md").write_text("kit\n")
    commit_all(path, "First commit")
    git(path, "config", "user.name", "Kit Harness")
    git(path, "config", "user.email", "harness@example.com")
    return path


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def test_a_release_records_head_moves_unreleased_and_tags_the_recorded_commit(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit")
    released = head(repo)

    release(repo, "0.1.0", TODAY)

    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.startswith(
        f"# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-12-06 - {released}\n\n"
        "### Added\n- Something new."
    )
    assert git(repo, "rev-parse", "v0.1.0^{commit}").strip() == released
    assert git(repo, "log", "-1", "--format=%s").strip() == "Release v0.1.0"
    assert git(repo, "status", "--porcelain") == ""


def test_the_next_release_sits_above_the_previous_one(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit")
    release(repo, "0.1.0", TODAY)
    path = repo / "CHANGELOG.md"
    path.write_text(
        path.read_text().replace(
            "## [Unreleased]\n",
            "## [Unreleased]\n\n### Fixed\n- A bug.\n\n### Upgrading\n- Run `just kit-update`.\n",
        )
    )
    commit_all(repo, "Fix a bug")

    release(repo, "0.2.0", TODAY)

    assert [r.version for r in releases(path.read_text())] == ["0.2.0", "0.1.0"]
    assert "## [Unreleased]\n\n## [0.2.0]" in path.read_text()


@pytest.mark.parametrize(
    ("version", "refusal"),
    [
        ("v0.1.0", "not a version"),
        ("0.1", "not a version"),
        ("01.2.3", "not a version"),
        ("0.1.0rc1", "not a version"),
    ],
)
def test_a_release_refuses_a_version_that_is_not_plain_semver(
    tmp_path: Path, version: str, refusal: str
) -> None:
    repo = kit_repo(tmp_path / "kit")
    with pytest.raises(ReleaseError, match=refusal):
        release(repo, version, TODAY)


def test_a_release_refuses_a_dirty_tree(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit")
    (repo / "README.md").write_text("changed\n")
    with pytest.raises(ReleaseError, match="uncommitted changes"):
        release(repo, "0.1.0", TODAY)


def test_a_release_refuses_an_empty_unreleased_section(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit", "# Changelog\n\n## [Unreleased]\n\n")
    with pytest.raises(ReleaseError, match="empty"):
        release(repo, "0.1.0", TODAY)


def test_a_release_refuses_a_section_without_an_upgrading_note(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit", "# Changelog\n\n## [Unreleased]\n\n### Added\n- New.\n")
    with pytest.raises(ReleaseError, match="Upgrading"):
        release(repo, "0.1.0", TODAY)


def test_a_release_refuses_an_existing_or_older_version(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit")
    release(repo, "0.2.0", TODAY)
    path = repo / "CHANGELOG.md"
    path.write_text(
        path.read_text().replace("## [Unreleased]\n", "## [Unreleased]\n\n### Upgrading\n- None.\n")
    )
    commit_all(repo, "More")
    with pytest.raises(ReleaseError, match="already exists"):
        release(repo, "0.2.0", TODAY)
    with pytest.raises(ReleaseError, match="not newer"):
        release(repo, "0.1.5", TODAY)


def test_tags_recreates_missing_tags_from_the_changelog_and_is_idempotent(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit")
    release(repo, "0.1.0", TODAY)
    recorded = git(repo, "rev-parse", "v0.1.0").strip()
    git(repo, "tag", "-d", "v0.1.0")

    assert restore_tags(repo) == [f"tagged v0.1.0 on {recorded}"]
    assert restore_tags(repo) == [f"v0.1.0 already on {recorded}"]
    assert git(repo, "rev-parse", "v0.1.0").strip() == recorded


def test_tags_refuses_a_heading_whose_commit_is_not_in_the_repository(tmp_path: Path) -> None:
    missing = "0" * 40
    repo = kit_repo(
        tmp_path / "kit", f"# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-12-06 - {missing}\n"
    )
    with pytest.raises(ReleaseError, match=f"v0\\.1\\.0 on {missing}, which this repository lacks"):
        restore_tags(repo)


def test_tags_refuses_a_tag_that_points_elsewhere(tmp_path: Path) -> None:
    repo = kit_repo(tmp_path / "kit")
    release(repo, "0.1.0", TODAY)
    git(repo, "tag", "-f", "v0.1.0", "HEAD")
    with pytest.raises(ReleaseError, match=r"CHANGELOG\.md records"):
        restore_tags(repo)


def test_a_clone_without_tags_gets_the_changelogs_back_and_copier_records_them(tmp_path: Path) -> None:
    kit = clone_kit(tmp_path / "kit")
    for tag in git(kit, "tag", "--list").split():
        git(kit, "tag", "-d", tag)
    recorded = releases((kit / "CHANGELOG.md").read_text())

    restore_tags(kit)

    assert sorted(git(kit, "tag", "--list").split()) == sorted(release.tag for release in recorded)
    for release_ in recorded:
        assert git(kit, "rev-parse", f"{release_.tag}^{{commit}}").strip() == release_.sha
    newest = recorded[0].tag
    newest_release = copier.run_copy(str(kit), tmp_path / "tagged", defaults=True, unsafe=False, quiet=True)
    assert f"_commit: {newest}\n" in (newest_release.dst_path / ".copier-answers.yml").read_text()
    tip = render(tmp_path / "tip", template=kit)
    assert re.search(
        rf"^_commit: {re.escape(newest)}-\d+-g[0-9a-f]+$", (tip / ".copier-answers.yml").read_text(), re.M
    )
