"""What a browser does during a provider sign-in, step by step, over real HTTP.

`Browser.here` is the test client on our side (ASGI, keeping cookies such as the state
cookie); `Browser.there` is a plain httpx client at the provider, which runs on a local
port.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

OAUTH = "/api/v1/auth/oauth"


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def fragment_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).fragment).items()}


@dataclass
class Browser:
    here: httpx.AsyncClient
    there: httpx.AsyncClient

    async def start(self, provider: str) -> str:
        """Our authorize endpoint; returns the provider's sign-in URL it redirects to."""
        response = await self.here.get(f"{OAUTH}/{provider}/authorize")
        assert response.status_code == 302, response.text
        return response.headers["location"]

    async def approve_as(self, authorization_url: str, subject: str) -> str:
        """The user picks `subject` on the OpenID provider's page; returns our callback URL."""
        response = await self.there.post(authorization_url, data={"sub": subject})
        assert response.status_code == 302, response.text
        return response.headers["location"]

    async def follow(self, authorization_url: str) -> str:
        """A provider that sends the browser straight back (an app already authorised)."""
        response = await self.there.get(authorization_url)
        assert response.status_code == 302, response.text
        return response.headers["location"]

    async def back(self, callback_url: str) -> httpx.Response:
        """The provider's redirect lands on our callback."""
        return await self.here.get(callback_url)

    async def sign_in_as(self, provider: str, subject: str) -> httpx.Response:
        """The whole round trip through an OpenID provider; returns our callback's answer."""
        return await self.back(await self.approve_as(await self.start(provider), subject))
