"""Per-variant step timings, written by each test (any xdist worker) and printed once."""

import hashlib
import json
import time

from tests.harness.render import KIT_ROOT

REPORT_DIR = KIT_ROOT / ".harness-report"


def reset() -> None:
    REPORT_DIR.mkdir(exist_ok=True)
    for old in [*REPORT_DIR.glob("*.json"), *REPORT_DIR.glob("note-*.txt")]:
        old.unlink()
    (REPORT_DIR / "started").write_text(str(time.time()))


def record(name: str, report: dict[str, object]) -> None:
    REPORT_DIR.mkdir(exist_ok=True)
    (REPORT_DIR / f"{name}.json").write_text(json.dumps(report, indent=2))


def note(text: str) -> None:
    """A line printed under the table: a check that could not run here, and why (once per text)."""
    REPORT_DIR.mkdir(exist_ok=True)
    (REPORT_DIR / f"note-{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt").write_text(text)


def table() -> list[str]:
    lines = []
    for path in sorted(REPORT_DIR.glob("*.json")):
        report = json.loads(path.read_text())
        steps = report["steps"]
        total = sum(step["seconds"] for step in steps)
        lines.append(f"{report['variant']}  ({total:.1f}s of checks)")
        for step in steps:
            mark = "ok  " if step["ok"] else "FAIL"
            lines.append(f"    {mark} {step['name']:<28} {step['seconds']:>7.1f}s")
    lines += [f"note: {path.read_text()}" for path in sorted(REPORT_DIR.glob("note-*.txt"))]
    started = REPORT_DIR / "started"
    if started.exists():
        lines.append(f"total wall time: {time.time() - float(started.read_text()):.1f}s")
    return lines
