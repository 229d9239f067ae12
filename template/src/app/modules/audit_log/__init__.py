"""Audit log: the tenant's audit trail over HTTP, for those holding `audit:read`.

Writing the trail belongs to `app.core.audit`, because every module's changes are recorded
there and core is the only layer all modules may import; this module's name says it is
the other half, the reading. Reading is an ordinary feature: this module is discovered by
convention, mounted under /api/v1 with the rest of the API and held to the routes ->
services -> repos layering by tach, which a router inside core would escape. It reads the
table core defines and exports nothing. The resource (`audit:read`) and the route tag keep
the name `audit`.
"""

__all__: list[str] = []
