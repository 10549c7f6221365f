"""botocore errors → PetAvatar errors, at the Bedrock boundary.

Throttling, 5xx, model timeouts, ``ModelNotReadyException`` and network
timeouts are transient (the pipeline retries them 1/2/4 s). Access denied,
validation, missing models and content filters are permanent, and their
messages say what to do about them.
"""

from __future__ import annotations

import re
from typing import Final

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from petavatar.errors import (
    ContentFilteredError,
    PetAvatarError,
    ProviderAccessError,
    ProviderError,
    TransientProviderError,
)

TRANSIENT_CODES: Final[frozenset[str]] = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceUnavailableException",
        "InternalServerException",
        "ModelTimeoutException",
        "ModelNotReadyException",
        "ServiceQuotaExceededException",
    }
)
_FILTERED = re.compile(r"content filter|blocked|responsible ai|policy", re.IGNORECASE)
_RETIRED = re.compile(r"model identifier is invalid|end of life|legacy|not supported", re.I)
_NETWORK = (ReadTimeoutError, ConnectTimeoutError, EndpointConnectionError, ConnectionClosedError)


def content_filtered(source: str, detail: str) -> ContentFilteredError:
    return ContentFilteredError(
        f"{source} refused the request on content-safety grounds ({detail}); "
        "use a different photo, or check the account's Bedrock guardrails"
    )


def translate(
    exc: Exception, *, model: str, region: str | None, operation: str, setting: str
) -> PetAvatarError:
    """The PetAvatar error for a botocore exception raised calling ``model``."""
    where = region or "the configured region"
    source = f"Bedrock model {model} in {where}"
    if isinstance(exc, ClientError):
        return _client_error(
            exc, model=model, where=where, source=source, setting=setting, operation=operation
        )
    if isinstance(exc, _NETWORK):
        return TransientProviderError(f"{source} did not answer in time ({exc})")
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return ProviderAccessError(
            "no AWS credentials found for Bedrock; configure them (AWS_PROFILE, "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or an instance role)"
        )
    if isinstance(exc, NoRegionError):
        return ProviderError(
            "no AWS region is configured for Bedrock; set AWS_DEFAULT_REGION or "
            "PETAVATAR_BEDROCK_REGION"
        )
    if isinstance(exc, BotoCoreError):
        return TransientProviderError(f"{source} could not be reached ({exc})")
    return ProviderError(f"{source} failed during {operation}: {exc}")


def _client_error(
    exc: ClientError, *, model: str, where: str, source: str, setting: str, operation: str
) -> PetAvatarError:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    message = str(error.get("Message", "")) or code
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    if code in TRANSIENT_CODES or status >= 500:
        return TransientProviderError(f"{source} is busy or unavailable ({code}: {message})")
    if code == "AccessDeniedException" or status == 403:
        return ProviderAccessError(
            f"Bedrock denied access to {model} in {where} ({message}); enable model access "
            f"for {model} in region {where} (Bedrock console → Model access) and allow "
            "bedrock:InvokeModel on it for these credentials"
        )
    if code == "ResourceNotFoundException":
        return ProviderError(
            f"{source} was not found ({message}); check {setting}, or choose a region or "
            "inference profile that offers it"
        )
    if code == "ValidationException" and _FILTERED.search(message):
        return content_filtered(source, message)
    if code == "ValidationException" and _RETIRED.search(message):
        return ProviderError(
            f"Bedrock rejected the model id {model} ({message}); it may be misspelled or past "
            f"its end of life: set {setting} to an active model (see the Bedrock model "
            "lifecycle page)"
        )
    return ProviderError(f"{source} rejected the {operation} request ({code}: {message})")
