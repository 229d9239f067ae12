"""A throwaway project folder for scripts/dev_services.py: its own .env and .local/."""

from pathlib import Path

import pytest
from scripts import dev_services


def dev_project(
    root: Path, monkeypatch: pytest.MonkeyPatch, *, pg_port: int, redis_port: int
) -> Path:
    """Point dev_services at `root`, with .env naming these ports; servers run without Docker."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".env").write_text(
        f"DATABASE_URL=postgresql+asyncpg://postgres:postgres@localhost:{pg_port}/dev\n"
        f"REDIS_URL=redis://localhost:{redis_port}/0\n"
    )
    monkeypatch.setattr(dev_services, "ROOT", root)
    monkeypatch.setattr(dev_services, "LOCAL", root / ".local")
    monkeypatch.setenv("DEV_SERVICES", "local")
    for name in ("DATABASE_URL", "MIGRATION_DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return root
