"""The variants the harness proves, in one table: a pairwise covering set of the toggles.

A toggle is a copier question with a fixed set of values: the yes/no features, the
`oauth_providers` multiselect (judged empty or not) and `python_version`. Bugs of optional
features mostly live between two of them (metrics on with tracing off, row-level security
without OAuth), so every value of every toggle is rendered beside every value of every
other toggle by at least one variant (`tests/test_variant_coverage.py` checks it against
copier.yml). Seven two-valued toggles need six variants:

- `default` is `copier copy --defaults` (every feature on, the recommended service);
- `minimal` turns every feature off;
- `mixed` crosses the toggles on the other Python version;
- `rls_metrics`, `worker_oauth` and `worker_tracing` complete the pairs, and with `mixed`
  render each OAuth provider alone or without the others.

Each variant runs its own `just ci`, so a variant costs minutes: a new toggle adds a
column to the rows below before it adds a row (docs/adding-a-feature.md).
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
    "rls_metrics": {
        "python_version": "3.12",
        "oauth_providers": [],
        "background_worker": False,
        "tracing": False,
        "metrics": True,
        "postgres_rls": True,
        "docs_site": True,
    },
    "worker_oauth": {
        "python_version": "3.13",
        "oauth_providers": ["google", "microsoft"],
        "background_worker": True,
        "tracing": False,
        "metrics": True,
        "postgres_rls": False,
        "docs_site": False,
    },
    "worker_tracing": {
        "python_version": "3.13",
        "oauth_providers": [],
        "background_worker": True,
        "tracing": True,
        "metrics": False,
        "postgres_rls": False,
        "docs_site": True,
    },
}

# Each variant gets its own databases and Redis database number (parallel-safe on shared
# servers). Variants take 1 to 20; the other tests keep fixed numbers from 21 up, all below
# the 64 databases the harness's Redis offers (tests/test_variant_coverage.py checks both).
REDIS_DB = {name: index + 1 for index, name in enumerate(VARIANTS)}
