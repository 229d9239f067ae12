"""HTTP API tests through the ASGI app."""
