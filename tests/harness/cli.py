"""`just render DEST [key=value ...]`: render the template with answers from the command line."""

import sys
from pathlib import Path

import yaml

from tests.harness.render import render


def parse_answers(pairs: list[str]) -> dict[str, object]:
    answers: dict[str, object] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator:
            raise SystemExit(f"answers are key=value pairs, got {pair!r}")
        answers[key] = yaml.safe_load(value) if value else ""
    return answers


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: just render DEST [key=value ...]")
    destination = render(Path(argv[0]), parse_answers(argv[1:]))
    print(f"rendered {destination}")


if __name__ == "__main__":
    main(sys.argv[1:])
