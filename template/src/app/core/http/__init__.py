"""HTTP hardening every service gets, whatever was chosen at generation.

`main.create_app()` wires these in one commented order.
"""

from app.core.http.body_limit import RequestBodyLimitMiddleware, install_body_limit
from app.core.http.cors import (
    CORS_ALLOW_HEADERS,
    CORS_ALLOW_METHODS,
    CORS_EXPOSE_HEADERS,
    CORS_MAX_AGE_SECONDS,
    AllowlistCORSMiddleware,
)
from app.core.http.security_headers import SecurityHeadersMiddleware, docs_paths
from app.core.http.trusted_hosts import TrustedHostMiddleware

__all__ = [
    "CORS_ALLOW_HEADERS",
    "CORS_ALLOW_METHODS",
    "CORS_EXPOSE_HEADERS",
    "CORS_MAX_AGE_SECONDS",
    "AllowlistCORSMiddleware",
    "RequestBodyLimitMiddleware",
    "SecurityHeadersMiddleware",
    "TrustedHostMiddleware",
    "docs_paths",
    "install_body_limit",
]
