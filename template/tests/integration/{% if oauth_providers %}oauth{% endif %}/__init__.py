"""Sign-in with OAuth / OpenID Connect providers, against real providers on local ports."""
