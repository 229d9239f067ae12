"""Invitations in tests: the one-time token travels by email, so tests read it from the event."""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

from fastapi import FastAPI

from app.core.events import EventBus
from app.modules.users import InvitationCreated


@dataclass
class Inbox:
    """Every `InvitationCreated` the app published, as its invitation emails would carry."""

    received: list[InvitationCreated] = field(default_factory=list)

    async def deliver(self, event: InvitationCreated) -> None:
        self.received.append(event)

    def token_for(self, email: str) -> str:
        """The token of the latest invitation sent to `email`."""
        latest = [event for event in self.received if event.email == email][-1]
        return parse_qs(urlparse(latest.accept_url).query)["token"][0]


def open_inbox(app: FastAPI) -> Inbox:
    inbox = Inbox()
    bus: EventBus = app.state.event_bus
    bus.subscribe(InvitationCreated, inbox.deliver, name="tests.invitation_inbox")
    return inbox
