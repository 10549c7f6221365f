"""Local, S3-style signing for download URLs and browser upload (POST) policies.

The local blob store hands out URLs that look and behave like S3 presigned URLs: a GET URL
carries ``expires`` and an HMAC ``signature``; an upload form carries a base64 JSON
``policy`` and its HMAC ``x-amz-signature``. The HTTP layer verifies them with
:meth:`UrlSigner.verify_get` / :meth:`UrlSigner.verify_post`.

Bad, tampered or expired signatures raise :class:`AuthenticationError` (401); a request
for another bucket, or a key outside the policy, raises :class:`ForbiddenError` (403).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from petavatar.clock import Clock, SystemClock, iso_utc
from petavatar.errors import AuthenticationError, ForbiddenError, InvalidInputError

POST_ALGORITHM: Final = "PETAVATAR-HMAC-SHA256"
FILENAME_VARIABLE: Final = "${filename}"
MAX_EXPIRES_IN: Final = 7 * 24 * 3600  # the S3 SigV4 limit
_ISO_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class UploadPolicy:
    """A verified, decoded upload policy.

    ``key`` is the form's ``key`` field as sent (it may contain ``${filename}``);
    ``key_condition`` says whether the final key must equal ``key_value`` or start with it.
    """

    bucket: str
    key: str
    key_condition: Literal["eq", "starts-with"]
    key_value: str
    expires_at: float
    min_bytes: int
    max_bytes: int
    content_types: tuple[str, ...]

    def allows_content_type(self, content_type: str) -> bool:
        """True if ``content_type`` (parameters ignored, case-insensitive) is allowed."""
        base = content_type.split(";", 1)[0].strip().lower()
        return base in self.content_types

    def allows_size(self, size: int) -> bool:
        """True if ``size`` bytes is within the policy's ``content-length-range``."""
        return self.min_bytes <= size <= self.max_bytes

    def resolve_key(self, filename: str | None = None) -> str:
        """The object key to write: ``${filename}`` replaced by the upload's base name.

        Raises :class:`InvalidInputError` for an unusable key and :class:`ForbiddenError` if
        the result does not satisfy the policy's key condition.
        """
        from petavatar.ports.blobstore import validate_key  # local: ports import signing

        key = self.key
        if FILENAME_VARIABLE in key:
            name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
            if not name or name in {".", ".."}:
                raise InvalidInputError("The upload has no usable file name for ${filename}")
            key = key.replace(FILENAME_VARIABLE, name)
        key = validate_key(key)
        ok = key == self.key_value if self.key_condition == "eq" else key.startswith(self.key_value)
        if not ok:
            raise ForbiddenError(
                f"Key {key!r} is not allowed by this upload policy "
                f"({self.key_condition} {self.key_value!r}); request a new upload URL",
                key=key,
            )
        return key


class UrlSigner:
    """HMAC-SHA256 signer bound to one bucket name and a clock."""

    def __init__(
        self, secret: bytes, clock: Clock | None = None, *, bucket: str = "petavatar-local"
    ) -> None:
        if not isinstance(secret, bytes) or len(secret) < 16:
            raise ValueError("UrlSigner secret must be at least 16 bytes")
        if not bucket:
            raise ValueError("bucket must be non-empty")
        self._secret = secret
        self.clock: Clock = clock or SystemClock()
        self.bucket = bucket

    def with_bucket(self, bucket: str) -> UrlSigner:
        """The same secret and clock, bound to another bucket."""
        return UrlSigner(self._secret, self.clock, bucket=bucket)

    # ------------------------------------------------------------------ GET URLs

    def sign_get(self, key: str, expires_in: int) -> dict[str, str]:
        """Query parameters ``{"expires", "signature"}`` for a GET of ``key``."""
        _check_expires_in(expires_in)
        expires = math.floor(self.clock.now()) + int(expires_in)
        return {"expires": str(expires), "signature": self._get_signature(key, expires)}

    def verify_get(self, key: str, expires: str | int, signature: str) -> None:
        """Check a GET signature; raise :class:`AuthenticationError` if bad or expired.

        Valid up to and including the second ``expires``.
        """
        try:
            expires_at = int(expires)
        except (TypeError, ValueError):
            raise AuthenticationError(
                "Malformed signed URL: 'expires' must be an integer; request a new URL"
            ) from None
        expected = self._get_signature(key, expires_at)
        if not isinstance(signature, str) or not hmac.compare_digest(
            expected.encode(), signature.encode("utf-8", "replace")
        ):
            raise AuthenticationError(
                "Signature does not match: the URL was altered or signed with another key",
                key=key,
            )
        now = self.clock.now()
        if now > expires_at:
            raise AuthenticationError(
                f"Signed URL expired at {iso_utc(expires_at)}; fetch the results again "
                "for a fresh link",
                key=key,
            )

    def _get_signature(self, key: str, expires: int) -> str:
        message = f"GET\n{self.bucket}\n{key}\n{expires}".encode("utf-8", "surrogatepass")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    # ------------------------------------------------------------------ POST policies

    def post_policy(
        self,
        key: str,
        expires_in: int,
        max_bytes: int,
        content_types: Iterable[str],
    ) -> dict[str, str]:
        """Form fields for a browser upload, like S3's presigned POST.

        A ``key`` ending in ``/`` allows any key under that prefix (the form's key field is
        ``prefix + "${filename}"``); otherwise exactly ``key``. The client adds the file and
        its ``Content-Type`` field.
        """
        _check_expires_in(expires_in)
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        types = sorted({t.strip().lower() for t in content_types})
        if not types:
            raise ValueError("at least one content type is required")
        key_condition: list[Any]
        if key.endswith("/"):
            key_condition = ["starts-with", "$key", key]
            form_key = key + FILENAME_VARIABLE
        else:
            key_condition = ["eq", "$key", key]
            form_key = key
        policy_doc = {
            "expiration": iso_utc(self.clock.now() + expires_in),
            "conditions": [
                {"bucket": self.bucket},
                key_condition,
                ["content-length-range", 1, int(max_bytes)],
                ["in", "$Content-Type", types],
            ],
        }
        policy = base64.b64encode(
            json.dumps(policy_doc, separators=(",", ":"), sort_keys=True).encode()
        ).decode("ascii")
        return {
            "key": form_key,
            "policy": policy,
            "x-amz-algorithm": POST_ALGORITHM,
            "x-amz-signature": self._post_signature(policy),
        }

    def verify_post(self, fields: Mapping[str, str]) -> UploadPolicy:
        """Verify a submitted upload form and return its decoded policy.

        Checks (in order): required fields present, algorithm, signature (constant time),
        policy structure, bucket, expiry, and that the ``key`` field fits the key condition
        (``${filename}`` is resolved later by :meth:`UploadPolicy.resolve_key`). Content
        type, magic bytes and size are for the caller to check while streaming.
        """
        missing = [f for f in ("key", "policy", "x-amz-signature") if not fields.get(f)]
        if missing:
            raise AuthenticationError(
                f"Upload form is missing {', '.join(missing)}; send every field returned by "
                "GET /presigned-url"
            )
        algorithm = fields.get("x-amz-algorithm", POST_ALGORITHM)
        if algorithm != POST_ALGORITHM:
            raise AuthenticationError(f"Unsupported signing algorithm {algorithm!r}")
        policy_b64 = fields["policy"]
        expected = self._post_signature(policy_b64)
        if not hmac.compare_digest(
            expected.encode(), fields["x-amz-signature"].encode("utf-8", "replace")
        ):
            raise AuthenticationError(
                "Upload policy signature does not match: the form was altered; "
                "request a new upload URL"
            )
        policy = _decode_policy(policy_b64)
        if policy.bucket != self.bucket:
            raise ForbiddenError(f"This upload policy is for bucket {policy.bucket!r}")
        if self.clock.now() > policy.expires_at:
            raise AuthenticationError(
                f"Upload policy expired at {iso_utc(policy.expires_at)}; "
                "request a new upload URL with GET /presigned-url"
            )
        form_key = fields["key"]
        if policy.key_condition == "eq":
            ok = form_key == policy.key_value
        else:
            ok = form_key.startswith(policy.key_value)
        if not ok:
            raise ForbiddenError(
                f"Key {form_key!r} is not allowed by this upload policy; request a new upload URL"
            )
        return UploadPolicy(
            bucket=policy.bucket,
            key=form_key,
            key_condition=policy.key_condition,
            key_value=policy.key_value,
            expires_at=policy.expires_at,
            min_bytes=policy.min_bytes,
            max_bytes=policy.max_bytes,
            content_types=policy.content_types,
        )

    def _post_signature(self, policy_b64: str) -> str:
        return hmac.new(
            self._secret, policy_b64.encode("utf-8", "replace"), hashlib.sha256
        ).hexdigest()


def _check_expires_in(expires_in: int) -> None:
    if isinstance(expires_in, bool) or not 1 <= expires_in <= MAX_EXPIRES_IN:
        raise InvalidInputError(f"expires_in must be 1-{MAX_EXPIRES_IN} seconds")


def _decode_policy(policy_b64: str) -> UploadPolicy:
    """Decode a (signature-checked) policy document; InvalidInputError if malformed."""
    try:
        doc = json.loads(base64.b64decode(policy_b64, validate=True))
        expires_at = (
            datetime.strptime(doc["expiration"], _ISO_FORMAT).replace(tzinfo=UTC).timestamp()
        )
        bucket: str | None = None
        key_cond: Literal["eq", "starts-with"] | None = None
        key_value = ""
        min_bytes, max_bytes = 0, 0
        types: tuple[str, ...] = ()
        for cond in doc["conditions"]:
            if isinstance(cond, dict) and "bucket" in cond:
                bucket = str(cond["bucket"])
            elif isinstance(cond, list) and cond[:2] == ["eq", "$key"]:
                key_cond, key_value = "eq", str(cond[2])
            elif isinstance(cond, list) and cond[:2] == ["starts-with", "$key"]:
                key_cond, key_value = "starts-with", str(cond[2])
            elif isinstance(cond, list) and cond[:1] == ["content-length-range"]:
                min_bytes, max_bytes = int(cond[1]), int(cond[2])
            elif isinstance(cond, list) and cond[:2] == ["in", "$Content-Type"]:
                types = tuple(str(t) for t in cond[2])
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error) as exc:
        raise InvalidInputError(f"Malformed upload policy: {exc}") from exc
    if bucket is None or key_cond is None or max_bytes < 1 or not types:
        raise InvalidInputError("Malformed upload policy: a required condition is missing")
    return UploadPolicy(
        bucket=bucket,
        key="",
        key_condition=key_cond,
        key_value=key_value,
        expires_at=expires_at,
        min_bytes=min_bytes,
        max_bytes=max_bytes,
        content_types=types,
    )


__all__ = ["FILENAME_VARIABLE", "POST_ALGORITHM", "UploadPolicy", "UrlSigner"]
