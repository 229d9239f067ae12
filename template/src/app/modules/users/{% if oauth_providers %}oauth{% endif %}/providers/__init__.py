"""One module per sign-in provider, each exposing `create(settings) -> provider | None`."""
