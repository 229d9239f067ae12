"""Sending email: printed to the console in development, sent over SMTP otherwise.

EMAIL_BACKEND chooses the backend (see `EmailSettings`). SMTP answers in the 4xx range
and dropped connections are temporary: the job is tried again with backoff. A 5xx answer
(unknown mailbox, refused sender) is final and fails the job at once.
"""

import sys
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib
import structlog

from app.core.jobs.context import JobContext
from app.core.jobs.registry import job
from app.core.jobs.retries import TransientJobError
from app.core.jobs.settings import EmailSettings

log = structlog.get_logger("app.jobs.email")


class EmailBackend(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


class ConsoleBackend:
    """Writes the whole message to standard output: nothing leaves the machine."""

    async def send(self, message: EmailMessage) -> None:
        sys.stdout.write(f"{message.as_string()}\n")
        sys.stdout.flush()


class SmtpBackend:
    def __init__(self, settings: EmailSettings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        settings = self.settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        try:
            await aiosmtplib.send(
                message,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_user,
                password=password,
                use_tls=settings.smtp_tls == "tls",
                start_tls=settings.smtp_tls == "starttls",
                timeout=settings.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPResponseException as exc:
            if 400 <= exc.code < 500:  # noqa: PLR2004 - SMTP's "try again later" class
                raise TransientJobError(f"SMTP {exc.code}: {exc.message}") from exc
            raise


def backend_for(settings: EmailSettings) -> EmailBackend:
    if settings.email_backend == "smtp":
        return SmtpBackend(settings)
    return ConsoleBackend()


def compose(
    settings: EmailSettings, to: str, subject: str, body: str, html: str | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


@job()
async def send_email(
    ctx: JobContext, to: str, subject: str, body: str, html: str | None = None
) -> None:
    """Send one email (plain text, optionally with an HTML alternative)."""
    message = compose(ctx.email, to, subject, body, html)
    await backend_for(ctx.email).send(message)
    log.info("email_sent", backend=ctx.email.email_backend, subject=subject)
