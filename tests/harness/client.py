"""A dependency-free JSON client for talking to a running service (demo, benchmarks)."""

import json
import urllib.error
import urllib.request
from typing import Any


def json_request(
    method: str,
    url: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    *,
    timeout: float = 30,
) -> tuple[int, Any]:
    """Send JSON, return (status, decoded body); HTTP errors are answers, not exceptions."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
