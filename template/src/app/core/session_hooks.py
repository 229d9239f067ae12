"""Every listener the service puts on SQLAlchemy sessions and connections, in one list.

`install_session_hooks()` registers them; `main.create_app()` calls it (the worker and the
scripts go through `create_app()` too), and so does the test suite before its first
session. The first two groups also register themselves when imported, so that no session
anywhere runs without the tenant wall and the audit trail; registering again changes
nothing. Listeners of the same event run in the order of this list:

1. the tenant wall (`database.tenant`): every ORM statement is filtered to the session's
   tenant and every new row stamped with it, before anything below looks at them;
2. the audit trail (`audit.capture`): changes are noted before the flush, with their
   tenant already stamped, and written after it, in the same transaction;
3. actor invalidation (`auth.actor_invalidation`): writes that change what a user may do
   renew their tenant's actor token once the transaction commits;
4. the features' hooks, in `app.features.OPTIONAL_FEATURES` order; with `postgres_rls`,
   the tenant setting of each transaction (`database.rls.listeners`).

.llms/ARCHITECTURE.md walks a request through them; a test keeps that walk, this list and
what SQLAlchemy has registered the same.
"""

from collections.abc import Iterable, Sequence

from app.core.audit.capture import AUDIT_HOOKS
from app.core.auth.actor_invalidation import ACTOR_INVALIDATION_HOOKS
from app.core.database.hooks import Hook
from app.core.database.tenant import TENANT_WALL_HOOKS

CORE_HOOKS: tuple[Hook, ...] = (*TENANT_WALL_HOOKS, *AUDIT_HOOKS, *ACTOR_INVALIDATION_HOOKS)


def session_hooks(features: Iterable[object] = ()) -> list[Hook]:
    """Core's hooks, then each feature's `session_hooks` (an optional feature attribute)."""
    hooks = list(CORE_HOOKS)
    for feature in features:
        feature_hooks: Sequence[Hook] = getattr(feature, "session_hooks", ())
        hooks.extend(feature_hooks)
    return hooks


def install_session_hooks(features: Iterable[object] = ()) -> list[Hook]:
    """Register every hook (again: no change) and return them in order."""
    hooks = session_hooks(features)
    for hook in hooks:
        hook.install()
    return hooks
