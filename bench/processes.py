"""Start a server, wait for it to answer, read its peak memory, stop it."""

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.harness.client import json_request


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    ready_seconds: float

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the process has had (since the last reset), MiB."""
        return self._status_mb("VmHWM")

    def rss_mb(self) -> float:
        """VmRSS: the resident memory now, in MiB."""
        return self._status_mb("VmRSS")

    def reset_peak_rss(self) -> bool:
        """Start a new high-water mark from the current RSS (Linux `clear_refs` 5)."""
        try:
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def _status_mb(self, field: str) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no {field} in /proc status")


def wait_ready(url: str, started: float, timeout: float = 60) -> float:
    while time.perf_counter() - started < timeout:
        try:
            if json_request("GET", url)[0] == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not answer 200 within {timeout}s")


@contextmanager
def serve(command: list[str], *, cwd: Path, env: dict[str, str], port: int) -> Iterator[Server]:
    """Run `command` (a uvicorn on `port`) until the block ends; timed to its first ready 200."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        ready = wait_ready(f"{base_url}/health/ready", started)
        yield Server(process, base_url, ready)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
