"""Benchmarks of the generated service against a bare baseline: `just bench`."""
