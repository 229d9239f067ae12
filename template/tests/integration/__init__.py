"""Integration tests: real PostgreSQL and Redis, one rolled-back transaction per test."""
