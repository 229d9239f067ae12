"""Health probes, and (when chosen at generation) tracing and metrics."""
