"""What S3 checks on a browser POST upload, for tests against moto (which checks nothing).

:func:`check_post` verifies a SigV4 POST form the way S3 documents it: the signature over
the base64 policy (with the signing key derived from the secret key, date, region and
``s3``), the expiration (wall clock), and every condition of the decoded policy document
(exact match, ``starts-with``, ``content-length-range``), plus "every form field is covered
by a condition". A violation raises ForbiddenError, a bad signature AuthenticationError.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime
from typing import Any

from petavatar.errors import AuthenticationError, ForbiddenError

_UNCHECKED_FIELDS = {"policy", "x-amz-signature", "file"}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _signature(secret_key: str, credential: str, policy_b64: str) -> str:
    _, date, region, service, _ = credential.split("/")
    key = _hmac(f"AWS4{secret_key}".encode(), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, policy_b64.encode(), hashlib.sha256).hexdigest()


def _check_condition(cond: Any, form: dict[str, str], size: int, bucket: str) -> None:
    values = {**{k.lower(): v for k, v in form.items()}, "bucket": bucket}
    if isinstance(cond, dict):
        ((name, expected),) = cond.items()
        if values.get(name.lower()) != expected:
            raise ForbiddenError(f"Invalid according to Policy: Policy Condition failed: {cond}")
        return
    op, *args = cond
    if op == "content-length-range":
        low, high = args
        if not low <= size <= high:
            raise ForbiddenError("Your proposed upload exceeds the maximum allowed size")
        return
    name, expected = args
    actual = values.get(name.lstrip("$").lower())
    if op == "eq":
        ok = actual == expected
    elif op == "starts-with":
        ok = actual is not None and actual.startswith(expected)
    else:
        raise ForbiddenError(f"Invalid Policy: unknown condition operator {op!r}")
    if not ok:
        raise ForbiddenError(f"Invalid according to Policy: Policy Condition failed: {cond}")


def check_post(
    fields: dict[str, str], filename: str, size: int, *, bucket: str, secret_key: str
) -> str:
    """Raise as S3 would for this form; return the object key it would store."""
    policy_b64 = fields.get("policy", "")
    expected = _signature(secret_key, fields.get("x-amz-credential", "a/b/c/d/e"), policy_b64)
    if not hmac.compare_digest(expected, fields.get("x-amz-signature", "")):
        raise AuthenticationError("SignatureDoesNotMatch")
    document = json.loads(base64.b64decode(policy_b64))
    expires = datetime.fromisoformat(document["expiration"].replace("Z", "+00:00"))
    if expires.timestamp() < time.time():
        raise AuthenticationError("Invalid according to Policy: Policy expired")
    form = dict(fields)
    form["key"] = form["key"].replace("${filename}", filename)
    covered: set[str] = {"bucket"}
    for cond in document["conditions"]:
        _check_condition(cond, form, size, bucket)
        if isinstance(cond, dict):
            covered.update(k.lower() for k in cond)
        elif cond[0] != "content-length-range":
            covered.add(cond[1].lstrip("$").lower())
    extra = {k.lower() for k in form} - covered - _UNCHECKED_FIELDS
    if extra:
        raise ForbiddenError(f"Invalid according to Policy: Extra input fields: {sorted(extra)}")
    return form["key"]
