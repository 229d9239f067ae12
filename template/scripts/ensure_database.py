"""Create a PostgreSQL database if it does not exist: `python scripts/ensure_database.py URL`."""

import asyncio
import sys

from app.core.database.admin import ensure_database


def main() -> int:
    if len(sys.argv) != 2:  # noqa: PLR2004 - one argument
        print("usage: ensure_database.py DATABASE_URL", file=sys.stderr)
        return 2
    created = asyncio.run(ensure_database(sys.argv[1]))
    print("created" if created else "exists")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
