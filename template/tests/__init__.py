"""Tests of the service: unit (no I/O), integration (PostgreSQL, Redis), e2e (user flows)."""
