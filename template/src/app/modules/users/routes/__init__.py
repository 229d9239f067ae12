"""HTTP endpoints of the users module: /auth, /users and /roles.

Three routers, mounted side by side rather than under one module router: each level of
`include_router` nesting makes FastAPI match a request against the routes below it again.
"""

from app.modules.users.routes import auth, roles, users

routers = (auth.router, users.router, roles.router)

__all__ = ["routers"]
