"""Translation of botocore errors into PetAvatar errors, at the adapter boundary.

Adapters wrap every call with :func:`translated` (or call :func:`translate`) so callers only
ever see :class:`~petavatar.errors.PetAvatarError` subclasses: a missing resource becomes
:class:`NotFoundError`, missing credentials :class:`AuthenticationError`, throttling and an
unreachable endpoint :class:`StorageError` with a message that says what to check.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
)

from petavatar.errors import AuthenticationError, NotFoundError, PetAvatarError, StorageError

NOT_FOUND_CODES: Final = frozenset(
    {
        "404",
        "NoSuchKey",
        "NoSuchBucket",
        "NotFound",
        "ResourceNotFoundException",
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
    }
)
AUTH_CODES: Final = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
    }
)


def error_code(exc: ClientError) -> str:
    """The AWS error code of a ClientError (``NoSuchKey``, ``ConditionalCheckFailedException``)."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def translate(exc: Exception, what: str, **context: Any) -> PetAvatarError:
    """The PetAvatarError for a botocore exception raised while doing ``what``."""
    if isinstance(exc, PetAvatarError):
        return exc
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return AuthenticationError(
            f"{what}: no AWS credentials found; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY "
            "or AWS_PROFILE",
            **context,
        )
    if isinstance(exc, NoRegionError):
        return StorageError(f"{what}: no AWS region; set AWS_DEFAULT_REGION", **context)
    if isinstance(exc, EndpointConnectionError):
        return StorageError(
            f"{what}: cannot reach the AWS endpoint {exc.kwargs.get('endpoint_url', '')} "
            "(check AWS_ENDPOINT_URL and the network)",
            **context,
        )
    if isinstance(exc, ClientError):
        code = error_code(exc)
        message = exc.response.get("Error", {}).get("Message", "") or code
        if code in NOT_FOUND_CODES:
            return NotFoundError(f"{what}: not found ({message})", aws_code=code, **context)
        if code in AUTH_CODES:
            return AuthenticationError(
                f"{what}: AWS refused the credentials ({message})", **context
            )
        return StorageError(f"{what} failed: {code}: {message}", aws_code=code, **context)
    if isinstance(exc, BotoCoreError):
        return StorageError(f"{what} failed: {exc}", **context)
    return StorageError(f"{what} failed: {type(exc).__name__}: {exc}", **context)


@contextmanager
def translated(what: str, **context: Any) -> Iterator[None]:
    """Re-raise botocore errors inside the block as PetAvatar errors."""
    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise translate(exc, what, **context) from exc
