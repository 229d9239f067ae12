"""Kit releases: `vX.Y.Z` git tags whose commits are recorded in CHANGELOG.md.

A clone may arrive without tags, so the CHANGELOG is the source of truth: every release
heading reads `## [X.Y.Z] - YYYY-MM-DD - <full commit sha>`, `tags` recreates any missing
tag from those headings, and `release` writes such a heading for the current commit.

    python -m tests.harness.releases tags
    python -m tests.harness.releases release 0.2.0
"""

import datetime
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]
UNRELEASED = "## [Unreleased]"
# X.Y.Z without leading zeros: semantic versioning and PEP 440 read it the same way.
VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
HEADING = re.compile(
    r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2}) - (?P<sha>[0-9a-f]{40})$", re.MULTILINE
)
SECTION_START = re.compile(r"^## \[", re.MULTILINE)


class ReleaseError(Exception):
    """A refusal, printed as one line."""


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    sha: str

    @property
    def tag(self) -> str:
        return f"v{self.version}"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def releases(changelog: str) -> list[Release]:
    """Every release heading of the CHANGELOG, newest first as written."""
    found = [Release(m["version"], m["date"], m["sha"]) for m in HEADING.finditer(changelog)]
    for release in found:
        if not VERSION.fullmatch(release.version):
            raise ReleaseError(f"CHANGELOG heading [{release.version}] is not a version like 1.2.3")
    return found


def tag_commit(repo: Path, tag: str) -> str | None:
    result = git(repo, "rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}", check=False)
    return result.stdout.strip() or None


def restore_tags(repo: Path) -> list[str]:
    """Create each release tag the repository lacks; returns what was done, one line each."""
    done = []
    for release in releases((repo / "CHANGELOG.md").read_text()):
        existing = tag_commit(repo, release.tag)
        if existing == release.sha:
            done.append(f"{release.tag} already on {release.sha}")
            continue
        if existing is not None:
            raise ReleaseError(f"{release.tag} is on {existing}, but CHANGELOG.md records {release.sha}")
        if git(repo, "cat-file", "-e", f"{release.sha}^{{commit}}", check=False).returncode != 0:
            raise ReleaseError(
                f"CHANGELOG.md records {release.tag} on {release.sha}, which this repository lacks "
                "(fetch the full history: git fetch --unshallow)"
            )
        git(repo, "tag", release.tag, release.sha)
        done.append(f"tagged {release.tag} on {release.sha}")
    return done or ["CHANGELOG.md records no release yet"]


def unreleased_body(changelog: str) -> tuple[int, int]:
    """Start and end offsets of the text under `## [Unreleased]`."""
    start = changelog.find(UNRELEASED + "\n")
    if start < 0:
        raise ReleaseError(f"CHANGELOG.md has no '{UNRELEASED}' section")
    body_start = start + len(UNRELEASED) + 1
    following = SECTION_START.search(changelog, body_start)
    return body_start, following.start() if following else len(changelog)


def prepare(repo: Path, version: str, today: datetime.date) -> tuple[str, str]:
    """The new CHANGELOG text and the commit it records, after every refusal check."""
    if not VERSION.fullmatch(version):
        raise ReleaseError(f"{version!r} is not a version like 1.2.3 (no 'v', no suffix)")
    if git(repo, "status", "--porcelain").stdout.strip():
        raise ReleaseError("the working tree has uncommitted changes; commit or stash them first")
    if tag_commit(repo, f"v{version}") is not None:
        raise ReleaseError(f"tag v{version} already exists")
    changelog = (repo / "CHANGELOG.md").read_text()
    newest = max((version_key(r.version) for r in releases(changelog)), default=None)
    if newest is not None and version_key(version) <= newest:
        raise ReleaseError(f"{version} is not newer than the last release {'.'.join(map(str, newest))}")
    body_start, body_end = unreleased_body(changelog)
    body = changelog[body_start:body_end].strip()
    if not body:
        raise ReleaseError(f"'{UNRELEASED}' in CHANGELOG.md is empty: nothing to release")
    if "### Upgrading" not in body:
        raise ReleaseError(
            f"'{UNRELEASED}' in CHANGELOG.md has no '### Upgrading' note (write 'Nothing to do.' if so)"
        )
    sha = git(repo, "rev-parse", "HEAD").stdout.strip()
    heading = f"## [{version}] - {today.isoformat()} - {sha}"
    new = changelog[:body_start] + f"\n{heading}\n\n{body}\n\n" + changelog[body_end:].lstrip("\n")
    return new.rstrip("\n") + "\n", sha


def release(repo: Path, version: str, today: datetime.date) -> list[str]:
    """Record HEAD as vX.Y.Z in the CHANGELOG, commit that, and tag the recorded commit."""
    changelog, sha = prepare(repo, version, today)
    (repo / "CHANGELOG.md").write_text(changelog)
    git(repo, "commit", "-q", "-m", f"Release v{version}", "CHANGELOG.md")
    git(repo, "tag", f"v{version}", sha)
    return [
        f"recorded v{version} on {sha} in CHANGELOG.md and committed it",
        f"tagged v{version} on {sha}",
    ]


def main(argv: list[str]) -> int:
    usage = "usage: releases.py tags | release X.Y.Z"
    try:
        match argv:
            case ["tags"]:
                lines = restore_tags(KIT_ROOT)
            case ["release", version]:
                lines = release(KIT_ROOT, version, datetime.datetime.now(datetime.UTC).date())
            case _:
                print(usage, file=sys.stderr)
                return 2
    except ReleaseError as refusal:
        print(f"{argv[0]}: {refusal}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as failure:
        print(f"{argv[0]}: git {' '.join(failure.cmd[1:])} failed: {failure.stderr.strip()}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
