"""HTTP endpoints of the users module: /auth, /users and /roles."""

from app.core.routing import AgencyRouter
from app.modules.users.routes import auth, roles, users

router = AgencyRouter()
router.include_router(auth.router)
router.include_router(users.router)
router.include_router(roles.router)

__all__ = ["router"]
