"""Optional features, chosen when the service was generated with `copier copy`.

Copier renders a feature's code only when its question was answered yes, so the service
never carries dead code or unused dependencies. `OPTIONAL_FEATURES` names every feature
the kit knows, in installation order; `installed_features()` imports the ones present and
returns their `feature` objects, which `main.create_app()` installs. A feature is a
module that exposes `feature: Feature`.
"""

from collections.abc import Sequence
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Protocol, cast

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from structlog.typing import Processor

from app.config import Settings

if TYPE_CHECKING:
    from app.core.resources import Resources

# copier question -> module that implements it (absent when the answer was "no")
OPTIONAL_FEATURES: dict[str, str] = {
    "postgres_rls": "app.core.database.rls",
    "tracing": "app.core.observability.tracing",
    "metrics": "app.core.observability.metrics",
    "background_worker": "app.core.jobs.feature",
    "oauth_providers": "app.modules.users.oauth",
}

# FastAPI's built-in request telemetry stays off unless a feature provides it (tracing).
TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


class Feature(Protocol):
    name: str
    log_processors: Sequence[Processor]

    def install(self, app: FastAPI, settings: Settings) -> None:
        """Add middleware, routes and instrumentation; runs once in create_app()."""

    async def startup(self, app: FastAPI, resources: "Resources") -> None:
        """Open what the feature needs once the shared resources exist."""

    async def shutdown(self, app: FastAPI) -> None:
        """Close, flush and release; runs in reverse installation order."""


def _present(module_name: str) -> bool:
    try:
        return find_spec(module_name) is not None
    except ModuleNotFoundError:  # a parent package is absent too
        return False


def enabled_feature_names() -> list[str]:
    return [name for name, module in OPTIONAL_FEATURES.items() if _present(module)]


def installed_features() -> list[Feature]:
    features = []
    for name in enabled_feature_names():
        module = import_module(OPTIONAL_FEATURES[name])
        features.append(cast("Feature", module.feature))
    return features


def request_telemetry(features: Sequence[Feature], settings: Settings) -> TelemetryConfig:
    """What `FastAPI(telemetry=...)` is given: off, or what a feature's `telemetry()` says.

    An optional hook, because FastAPI takes its telemetry providers at construction,
    before any `install()`. `create_app()` keeps the result in `app.state.telemetry`,
    where the providing feature's `install()` finds what it created.
    """
    config: TelemetryConfig = {**TELEMETRY_OFF}
    for feature in features:
        provide = getattr(feature, "telemetry", None)
        if provide is not None:
            config.update(provide(settings))
    return config
