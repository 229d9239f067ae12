"""What the job tests share: a recording signal sink, captured output, an SMTP mailbox."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session
from arq.worker import Worker

from app.core.jobs import EmailSettings
from app.core.observability.signals import NullSignals

RunWorker = Callable[..., Awaitable[Worker]]


class RecordingSignals(NullSignals):
    def __init__(self) -> None:
        self.outcomes: list[tuple[str, str]] = []

    def job_finished(self, job: str, outcome: str) -> None:
        self.outcomes.append((job, outcome))


@dataclass
class Output:
    stdout: str
    logs: list[dict[str, Any]]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [line for line in self.logs if line.get("event") == name]


@dataclass
class Mailbox:
    """How the SMTP server answers: 451 to the first `busy` messages, or a permanent 5xx."""

    busy: int = 0
    unknown_mailbox: bool = False
    rejects_content: bool = False
    received: list[Message] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - the SMTP server's hook name
        self,
        _server: SMTP,
        _session: Session,
        envelope: Envelope,
        address: str,
        _options: list[str],
    ) -> str:
        if self.unknown_mailbox:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - the SMTP server's hook name
        self, _server: SMTP, _session: Session, envelope: Envelope
    ) -> str:
        if self.busy:
            self.busy -= 1
            return "451 4.3.0 Mail server busy, try again later"
        if self.rejects_content:
            return "554 5.7.1 Message rejected as spam"
        content = envelope.content
        assert isinstance(content, bytes)
        self.received.append(message_from_bytes(content))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    mailbox: Mailbox
    port: int

    def settings(self) -> EmailSettings:
        return EmailSettings(
            _env_file=None,
            email_backend="smtp",
            smtp_host="127.0.0.1",
            smtp_port=self.port,
            smtp_tls="none",
            smtp_from="app@example.com",
        )
