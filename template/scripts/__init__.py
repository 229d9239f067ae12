"""Operational scripts, importable by the tests."""
