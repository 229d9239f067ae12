"""A signal sink that remembers what it was told, to assert on degraded paths."""

from dataclasses import dataclass, field


@dataclass
class RecordingSignals:
    rejected_routes: list[str] = field(default_factory=list)
    outages: list[tuple[str, str]] = field(default_factory=list)
    jobs: list[tuple[str, str]] = field(default_factory=list)
    lookups: list[tuple[str, bool]] = field(default_factory=list)

    def rate_limited(self, route: str) -> None:
        self.rejected_routes.append(route)

    def backend_unavailable(self, backend: str, operation: str) -> None:
        self.outages.append((backend, operation))

    def job_finished(self, job: str, outcome: str) -> None:
        self.jobs.append((job, outcome))

    def cache_lookup(self, namespace: str, hit: bool) -> None:
        self.lookups.append((namespace, hit))
