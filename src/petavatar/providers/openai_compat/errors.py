"""openai client errors → PetAvatar errors, at the OpenAI-compatible boundary.

429, 5xx, timeouts and dropped connections are transient (429's
``retry-after`` travels as ``context["retry_after"]`` so the pipeline waits at
least that long); bad keys, missing models, refused content and other 4xx are
permanent, with messages that say what to change.
"""

from __future__ import annotations

from typing import Any

import openai

from petavatar.errors import (
    ContentFilteredError,
    PetAvatarError,
    ProviderAccessError,
    ProviderError,
    TransientProviderError,
)

_FILTER_CODES = ("content_filter", "content_policy_violation", "moderation_blocked")


def retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or numeric ``retry-after``)."""
    headers = exc.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            continue
    return None


def translate(exc: Exception, *, server: str, model: str, setting: str) -> PetAvatarError:
    """The PetAvatar error for an openai client exception."""
    source = f"model {model} at {server}"
    if isinstance(exc, openai.APITimeoutError):
        return TransientProviderError(f"{source} did not answer in time")
    if isinstance(exc, openai.APIConnectionError):
        return TransientProviderError(f"{server} could not be reached ({exc})")
    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc, source=source, server=server, model=model, setting=setting)
    return ProviderError(f"{source} failed: {exc}")


def _status_error(
    exc: openai.APIStatusError, *, source: str, server: str, model: str, setting: str
) -> PetAvatarError:
    detail = _detail(exc.body) or exc.message
    status = exc.status_code
    if status == 429 or status >= 500:
        context: dict[str, Any] = {"retry_after": retry_after(exc)}
        return TransientProviderError(f"{source} is busy ({status}: {detail})", **context)
    if status == 401:
        return ProviderAccessError(
            f"{server} refused the API key ({detail}); set OPENAI_API_KEY or "
            "PETAVATAR_OPENAI_API_KEY to a valid key"
        )
    if status == 403:
        return ProviderAccessError(
            f"{server} does not allow this key to use {model} ({detail}); "
            f"grant access or choose another model ({setting})"
        )
    if status == 404:
        return ProviderError(
            f"{server} has no model {model!r} ({detail}); pull or deploy it "
            f"(for Ollama: ollama pull {model}) or set {setting}"
        )
    if any(code in str(exc.body).lower() for code in _FILTER_CODES):
        return ContentFilteredError(
            f"{source} refused the request on content-safety grounds ({detail}); "
            "use a different photo"
        )
    return ProviderError(f"{source} rejected the request ({status}: {detail})")


def _detail(body: object) -> str:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("message") or inner.get("code") or "")
        return str(inner)
    return ""
