"""Helpers shared by the fixtures in conftest.py."""
