"""The variants the harness proves, in one table.

`default` is `copier copy --defaults` (every feature on, the recommended service);
`minimal` turns every toggle off; `mixed` crosses the toggles on the other Python version,
so each toggle is seen both on and off.
"""

from typing import Any

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "minimal": {
        "oauth_providers": [],
        "background_worker": False,
        "tracing": False,
        "metrics": False,
        "postgres_rls": False,
        "docs_site": False,
    },
    "mixed": {
        "python_version": "3.13",
        "oauth_providers": ["github"],
        "background_worker": False,
        "tracing": True,
        "metrics": False,
        "postgres_rls": True,
        "docs_site": False,
    },
}

# Each variant gets its own databases and Redis database number (parallel-safe).
REDIS_DB = {name: index + 1 for index, name in enumerate(VARIANTS)}
