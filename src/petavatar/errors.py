"""One root exception type for PetAvatar.

Every error carries the HTTP status a client should see and a message a person
can act on. Vendor and library errors are translated into these at the
boundary where they occur, so callers never see a raw ``botocore`` or
``PIL`` exception.
"""

from __future__ import annotations

from typing import Any, ClassVar


class PetAvatarError(Exception):
    """Root of every error PetAvatar raises on purpose."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    transient: ClassVar[bool] = False
    """Worth retrying the same call at once (with backoff), e.g. provider throttling."""
    redeliver: ClassVar[bool] = False
    """Worth running the whole job again later (the queue redelivers it), e.g. storage down."""

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    @property
    def public_message(self) -> str:
        """What a client is told (``message`` minus internals such as paths)."""
        return self.message


class InvalidInputError(PetAvatarError):
    """The request or file is malformed: wrong format, bad URI, bad id."""

    status_code = 400
    code = "bad_request"


class UnsupportedImageError(InvalidInputError):
    """The file is not a JPEG, PNG or HEIC image we can decode."""

    code = "unsupported_image"


class NoPetFoundError(PetAvatarError):
    """The photo decodes fine but shows no animal we can turn into a persona."""

    status_code = 422
    code = "no_pet_found"


class AuthenticationError(PetAvatarError):
    """Missing or wrong API key, or a bad/expired signature."""

    status_code = 401
    code = "unauthorized"


class ForbiddenError(PetAvatarError):
    """A signed request whose policy does not allow what was attempted."""

    status_code = 403
    code = "forbidden"


class NotFoundError(PetAvatarError):
    """The job or object does not exist (or has expired)."""

    status_code = 404
    code = "not_found"


class ConflictError(PetAvatarError):
    """The request is valid but the job is not in a state that allows it."""

    status_code = 409
    code = "conflict"


class PayloadTooLargeError(PetAvatarError):
    """The upload exceeds the size limit."""

    status_code = 413
    code = "payload_too_large"


class StorageError(PetAvatarError):
    """A storage backend (files, SQLite, S3, DynamoDB, SQS) failed."""

    status_code = 500
    code = "storage_error"
    redeliver = True

    @property
    def public_message(self) -> str:
        return "a storage backend failed; please retry in a moment"


class TransientProviderError(PetAvatarError):
    """A model provider failed in a way that is worth retrying (throttling, 5xx)."""

    status_code = 503
    code = "provider_unavailable"
    transient = True
    redeliver = True


class ProviderUnavailableError(PetAvatarError):
    """A model provider stayed unavailable after all retries."""

    status_code = 503
    code = "provider_unavailable"
    redeliver = True


class ProviderError(PetAvatarError):
    """A model provider failed permanently (bad response, refused input)."""

    status_code = 502
    code = "provider_error"


class StepTimeoutError(PetAvatarError):
    """A pipeline step took longer than its time budget."""

    status_code = 504
    code = "timeout"
    redeliver = True


class ContentFilteredError(ProviderError):
    """A model refused the photo or its own answer on content-safety grounds."""

    status_code = 422
    code = "content_filtered"


class ProviderAccessError(ProviderError):
    """The provider refused our credentials or has the model switched off for us."""

    status_code = 502
    code = "provider_access_denied"


class InvalidModelOutputError(ProviderError):
    """A model's answer failed validation even after one repair round."""

    code = "invalid_model_output"


class ToolCallLimitError(PetAvatarError):
    """An agent invocation asked for more tool calls than the runtime allows."""

    status_code = 500
    code = "tool_call_limit"


class SessionExpiredError(PetAvatarError):
    """An agent session outlived its idle or maximum lifetime; start a new session id."""

    status_code = 410
    code = "session_expired"
