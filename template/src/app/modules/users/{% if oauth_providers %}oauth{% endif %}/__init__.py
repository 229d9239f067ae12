"""Sign-in with OAuth 2.0 / OpenID Connect providers (the `oauth_providers` feature).

`feature` is installed by `main.create_app()` (see `app.features`).
"""

from app.modules.users.oauth.feature import feature

__all__ = ["feature"]
