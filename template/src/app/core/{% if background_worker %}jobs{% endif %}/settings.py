"""Settings of the background worker and of the email it sends, read from the environment.

They live with the jobs package: a service generated without the worker has neither the
variables nor the code. Only the worker process reads them (`load_job_settings()`);
the API only needs REDIS_URL to put jobs on the queue.
"""

from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.config import ENV_FILE, SettingsError, describe_errors


class JobsSettings(BaseSettings):
    model_config = ENV_FILE | SettingsConfigDict(env_prefix="JOBS_")

    concurrency: int = Field(default=10, ge=1, description="Jobs one worker runs at a time")
    max_tries: int = Field(default=5, ge=1, description="Default tries per job, the first included")
    timeout_seconds: float = Field(default=300, gt=0)
    retry_delay_seconds: float = Field(default=10, ge=0, description="Wait before the 2nd try")
    retry_delay_max_seconds: float = Field(default=3600, ge=0, description="Cap of the doubling")
    keep_result_seconds: int = Field(default=3600, ge=0)
    poll_delay_seconds: float = Field(default=0.5, gt=0)
    shutdown_grace_seconds: int = Field(default=30, ge=0, description="Finish jobs on SIGTERM")

    def retry_delay(self, job_try: int) -> float:
        """Exponential backoff: the delay doubles after every failed try, up to the cap."""
        delay = self.retry_delay_seconds * 2 ** (job_try - 1)
        return float(min(delay, self.retry_delay_max_seconds))


class EmailSettings(BaseSettings):
    model_config = ENV_FILE

    email_backend: Literal["console", "smtp"] = "console"
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "no-reply@example.com"
    # starttls: upgrade a plain connection (port 587); tls: TLS from the start (port 465)
    smtp_tls: Literal["starttls", "tls", "none"] = "starttls"
    smtp_timeout_seconds: float = Field(default=10, gt=0)

    @field_validator("smtp_user", "smtp_password", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """`SMTP_USER=` in .env means no authentication, not an empty user name."""
        return None if value == "" else value


def load_job_settings() -> tuple[JobsSettings, EmailSettings]:
    """Both groups from the environment, every problem reported at once."""
    problems = []
    jobs = email = None
    try:
        jobs = JobsSettings()
    except ValidationError as exc:
        problems.append(describe_errors(exc, "JOBS_"))
    try:
        email = EmailSettings()
    except ValidationError as exc:
        problems.append(describe_errors(exc))
    if jobs is None or email is None:
        raise SettingsError("Invalid worker configuration:\n" + "\n".join(problems))
    return jobs, email
