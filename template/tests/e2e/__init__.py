"""End-to-end tests: whole user flows through the HTTP API."""
