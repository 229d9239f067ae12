"""How a provider sign-in fails: each maps to a problem+json response, never a 500."""

from app.core.errors import DomainError


class SignInStateError(DomainError):
    """The callback does not belong to a sign-in this browser started (or it expired)."""

    status = 400
    code = "oauth-state-invalid"
    title = "Invalid Sign-In State"


class ProviderDeniedError(DomainError):
    """The provider sent the browser back with an error (e.g. the user cancelled)."""

    status = 400
    code = "oauth-denied"
    title = "Sign-In Not Completed"


class ProviderError(DomainError):
    """The provider could not be reached or answered something unusable."""

    status = 502
    code = "oauth-provider-error"
    title = "Bad Gateway"
