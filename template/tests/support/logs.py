"""JSON logs in tests, written to whatever stderr is current when a line is logged.

pytest gives every test (and every `capsys`) its own stderr and closes it afterwards.
Logging configured with a stream bound during one test would write into a closed file in
the next one; `json_logs_to_current_stderr()` binds a stand-in that looks up `sys.stderr`
on every write instead, so `capsys.readouterr().err` sees the lines of the current test.
"""

import json
import sys
from collections.abc import Iterable
from typing import Any

import pytest
from structlog.typing import Processor

from app.core.logging import configure_logging


class CurrentStderr:
    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return False


def json_logs_to_current_stderr(
    monkeypatch: pytest.MonkeyPatch, extra_processors: Iterable[Processor] = ()
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stderr", CurrentStderr())
        configure_logging(json_output=True, cache_loggers=False, extra_processors=extra_processors)


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]
