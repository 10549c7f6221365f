"""A hostile-input corpus over the HTTP API and the upload endpoint.

The cases are generated from the tables below (tables are data; the few functions
after them are the rules). One stack serves the whole module, with the REAL
pipeline (offline provider, real decoding) so that files which pass the upload
endpoint are decoded for real by the worker.

Every case is one of:

* **refused** — the request answers 4xx with an ``{error, message}`` JSON body;
* **fails** — refused as above, or the upload is accepted (it starts like a JPEG,
  PNG or HEIC) and the job ends ``failed`` with a message a person can act on (no
  internals); ``/results`` then answers 409 ``{error, message}``;
* **settles** — the upload is accepted and the job ends ``completed`` or
  ``failed`` (polyglots that are also valid photos);
* **safe** — refused, or accepted and stored only under the job's canonical key.

After each case no job is left ``queued`` or ``processing``; after the corpus the
server is healthy and a normal photo still completes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest
from PIL import Image

from petavatar.bootstrap import build_pipeline
from petavatar.config import Settings
from petavatar.entrypoints.http.uploads import MULTIPART_OVERHEAD
from petavatar.jobs.keys import UPLOADS_PREFIX
from tests.conftest import SHARED_PETS
from tests.support.hostile_images import (
    HTML,
    jpeg_claiming,
    photo_heic,
    photo_jpeg,
    photo_png,
    png_bomb,
    png_claiming,
    png_with_text,
    zip_archive,
)
from tests.support.stack import Env, make_env

# -- the files --------------------------------------------------------------------------

JPEG = photo_jpeg()
PNG = photo_png()
HEIC = photo_heic()

FILES: dict[str, Callable[[], bytes]] = {
    # empty and truncated
    "zero-bytes": lambda: b"",
    "jpeg-soi-only": lambda: JPEG[:2],
    "jpeg-3-bytes": lambda: JPEG[:3],
    "jpeg-20-bytes": lambda: JPEG[:20],
    "jpeg-100-bytes": lambda: JPEG[:100],
    "jpeg-half": lambda: JPEG[: len(JPEG) // 2],
    "jpeg-no-eoi": lambda: JPEG[:-2],
    "jpeg-scan-cut": lambda: JPEG[: len(JPEG) - 600],
    "png-signature-only": lambda: PNG[:8],
    "png-16-bytes": lambda: PNG[:16],
    "png-ihdr-only": lambda: PNG[:33],
    "png-half": lambda: PNG[: len(PNG) // 2],
    "png-no-iend": lambda: PNG[:-12],
    "heic-ftyp-only": lambda: HEIC[:24],
    "heic-100-bytes": lambda: HEIC[:100],
    "heic-half": lambda: HEIC[: len(HEIC) // 2],
    "heic-zeros-after-ftyp": lambda: HEIC[:32] + b"\x00" * 512,
    # wrong magic
    "gif": lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "bmp": lambda: b"BM" + b"\x00" * 64,
    "tiff": lambda: b"II*\x00" + b"\x00" * 64,
    "webp": lambda: b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32,
    "avif": lambda: b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 32,
    "pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "zip": zip_archive,
    "elf": lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
    "html": lambda: HTML,
    "svg": lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "text": lambda: b"hello, I am a cat photo, honest" * 4,
    "json": lambda: b'{"s3_uri": "s3://x"}',
    "jpeg-magic-spelled-in-text": lambda: b"\\xff\\xd8\\xff jpeg",
    "png-signature-lowercase": lambda: b"\x89png\r\n\x1a\n" + PNG[8:],
    "jpeg-two-magic-bytes": lambda: b"\xff\xd8" + b"\x00" * 64,
    # polyglots
    "jpeg+zip": lambda: JPEG + zip_archive(),
    "jpeg+html": lambda: JPEG + HTML,
    "png+html-after-iend": lambda: PNG + HTML,
    "png-html-text-chunk": lambda: png_with_text(HTML),
    "zip+jpeg": lambda: zip_archive() + JPEG,
    "html+png": lambda: HTML + PNG,
    # decompression bombs and absurd dimensions
    "png-60000000x1": lambda: png_bomb(60_000_000, 1),
    "png-60000000x1-1bit": lambda: png_bomb(60_000_000, 1, "L", 1),
    "png-1x60000000-1bit": lambda: png_bomb(1, 60_000_000, "L", 1),
    "png-8000x8000-rgb": lambda: png_bomb(8000, 8000),
    "png-8000x8000-rgba": lambda: png_bomb(8000, 8000, "RGBA"),
    "png-30000x30000": lambda: png_bomb(30000, 30000),
    "png-claims-65535x65535": lambda: png_claiming(65535, 65535),
    "png-claims-0x0": lambda: png_claiming(0, 0),
    "png-claims-2147483647x1": lambda: png_claiming(2**31 - 1, 1),
    "jpeg-claims-65500x65500": lambda: jpeg_claiming(65500, 65500),
    "jpeg-claims-65535x1": lambda: jpeg_claiming(65535, 1),
    "jpeg-claims-0x0": lambda: jpeg_claiming(0, 0),
    # large but decodable: shrunk while decoding, then the real pipeline runs
    "png-8000x8000-grey": lambda: png_bomb(8000, 8000, "L"),
    "png-8000x8000-palette": lambda: png_bomb(8000, 8000, "P"),
    "png-8000x8000-16bit": lambda: png_bomb(8000, 8000, "L", 16),
    "png-7000x7000-1bit": lambda: png_bomb(7000, 7000, "L", 1),
    "jpeg-claims-8000x8000": lambda: jpeg_claiming(8000, 8000),
}

REFUSED_AT_UPLOAD = {
    "zero-bytes",
    "jpeg-soi-only",
    "gif",
    "bmp",
    "tiff",
    "webp",
    "avif",
    "pdf",
    "zip",
    "elf",
    "html",
    "svg",
    "text",
    "json",
    "jpeg-magic-spelled-in-text",
    "png-signature-lowercase",
    "zip+jpeg",
    "html+png",
}
"""Files the upload endpoint itself refuses (empty, or not a JPEG/PNG/HEIC by content)."""

SETTLE = {
    "jpeg+zip",
    "jpeg+html",
    "png+html-after-iend",
    "png-html-text-chunk",
    "png-8000x8000-grey",
    "png-8000x8000-palette",
    "png-8000x8000-16bit",
    "png-7000x7000-1bit",
    "jpeg-claims-8000x8000",
}
"""Valid photos in disguise (polyglots) or large but decodable files: they may complete,
or fail with a clear reason (there is no pet in them)."""

MIME_BY_PREFIX = {"jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic"}

CLEAR_MESSAGE_FORBIDDEN = re.compile(
    r"BytesIO|0x[0-9a-f]{6,}|Traceback|object at|\b[A-Z][A-Za-z]+(Error|Exception)\b|File \""
)
"""Internals a user-facing message must never show."""


def _declared(name: str) -> str:
    return MIME_BY_PREFIX.get(name.split("-", 1)[0].split("+", 1)[0], "image/jpeg")


def _file_expect(name: str) -> str:
    if name in REFUSED_AT_UPLOAD:
        return "refused"
    return "settles" if name in SETTLE else "fails"


# -- the requests -----------------------------------------------------------------------

JOB_IDS = [
    "0B7E3A52-4D7C-4A43-9A54-5B0F7B1E2F10",
    "{0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10}",
    "0b7e3a524d7c4a439a545b0f7b1e2f10",
    "urn:uuid:0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10",
    " 0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10",
    "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10 ",
    "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f1",
    "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f100",
    "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f1g",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "a" * 10_240,
    "' OR '1'='1",
    "1; DROP TABLE jobs; --",
    "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10' OR 1=1 --",
    "<script>alert(1)</script>",
    "${jndi:ldap://x/a}",
    "{{7*7}}",
    "%00",
    "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10%00",
    "...",
    "..%2f..%2fetc%2fpasswd",
    "猫",
    "\u202e01f2e1b7f0b5-45a9",
    "null",
    "-1",
]
"""Odd job ids for ``/status/{id}`` and ``/results/{id}`` (sent percent-encoded)."""

ODD_KEYS: dict[str, bytes | None] = {
    "missing": None,
    "empty": b"",
    "space": b" ",
    "10kb": b"pa_" + b"a" * 10_240,
    "unicode": "ключ-🔑".encode(),
    "latin1-bytes": b"\xff\xfe\xfd",
    "almost-valid": b"pa_000000000000_" + b"x" * 43,
    "sql": b"' OR '1'='1",
    "header-injection-text": b"bad%0d%0ax-api-key:%20other",
    "bearer-prefix": b"Bearer pa_x",
}
"""Bad values of the ``x-api-key`` header (the valid key, mangled, is added per case)."""

API_ROUTES = [
    ("GET", "/presigned-url"),
    ("POST", "/process"),
    ("GET", "/status/{job}"),
    ("GET", "/results/{job}"),
]

PROCESS_BODIES: dict[str, bytes] = {
    "empty": b"",
    "open-brace": b"{",
    "null": b"null",
    "list": b"[]",
    "string": b'"s3://x"',
    "number": b"123",
    "nan": b'{"s3_uri": NaN}',
    "bom": b'\xef\xbb\xbf{"s3_uri": "s3://x"}',
    "invalid-utf8": b'{"s3_uri": "\xff\xfe"}',
    "s3-uri-number": b'{"s3_uri": 5}',
    "s3-uri-null": b'{"s3_uri": null}',
    "s3-uri-list": b'{"s3_uri": ["a"]}',
    "s3-uri-object": b'{"s3_uri": {"$ne": null}}',
    "unknown-field": b'{"s3_uri": "s3://b/uploads/x/y", "admin": true}',
    "duplicate-keys": b'{"s3_uri": "s3://a", "s3_uri": "s3://b"}',
    "deeply-nested": b'{"s3_uri": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "1mb-string": b'{"s3_uri": "' + b"a" * 1_000_000 + b'"}',
    "2mb-padding": b'{"s3_uri": "s3://x", "pad": "' + b"p" * 2_000_000 + b'"}',
    "many-keys": b"{" + b",".join(b'"k%d": 1' % i for i in range(50_000)) + b"}",
    "huge-number": b'{"s3_uri": ' + b"9" * 100_000 + b"}",
}

S3_URIS = [
    "",
    "s3://",
    "s3:///uploads/{job}/image.jpg",
    "s3://{bucket}",
    "s3://{bucket}/",
    "S3://{bucket}/uploads/{job}/image.jpg",
    "https://{bucket}.s3.amazonaws.com/uploads/{job}/image.jpg",
    "file:///etc/passwd",
    "s3://other-bucket/uploads/{job}/image.jpg",
    "s3://{bucket}/uploads/{job}/../../generated/{job}/avatar.png",
    "s3://{bucket}/uploads/{job}/%2e%2e/%2e%2e/x.jpg",
    "s3://{bucket}/uploads/{job}/sub/image.jpg",
    "s3://{bucket}/uploads/{job}/",
    "s3://{bucket}/uploads/{job}/image.jpg\x00.png",
    "s3://{bucket}/uploads/{job}/image\r\n.jpg",
    "s3://{bucket}/uploads/{job}\\..\\x.jpg",
    "s3://{bucket}//uploads/{job}/image.jpg",
    "s3://{bucket}/uploads/{JOB}/image.jpg",
    "s3://{bucket}/uploads/{job}/" + "a" * 300 + ".jpg",
    "s3://{bucket}/meta/{job}/ticket.json",
    "s3://{bucket}/uploads/{job}/image.jpg?versionId=1",
    "s3://b\u00e4cket/uploads/{job}/image.jpg",
]
"""``s3_uri`` values for ``POST /process`` (``{job}`` is an unknown, well-formed id)."""

WEBHOOKS = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "ftp://example.com/hook",
    "gopher://example.com/",
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://[::1]/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/hook",
    "http://192.168.1.1/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://user:pass@/hook",
    "http://exa mple.com/hook",
    "https://example.com/" + "a" * 3000,
    "https://example.com/\r\nHost: evil",
]
"""``webhook_url`` values for ``POST /process`` (all refused before any lookup of the job)."""

FILENAMES: dict[str, str] = {
    "dotdot": "../../../etc/passwd.jpg",
    "dotdot-encoded": "%2e%2e%2f%2e%2e%2fx.jpg",
    "absolute": "/etc/passwd.jpg",
    "windows-absolute": "C:\\Windows\\system32\\x.jpg",
    "backslashes": "..\\..\\x.jpg",
    "unc": "\\\\server\\share\\x.jpg",
    "300-chars": "a" * 296 + ".jpg",
    "unicode-cat": "猫.jpg",
    "unicode-nfd": "cafe\u0301.jpg",
    "rtl-override": "\u202egpj.exe",
    "emoji": "😺😺😺.jpg",
    "dot": ".",
    "dotdot-only": "..",
    "spaces": "   ",
    "html": "<img src=x onerror=alert(1)>.jpg",
    "shell": "$(rm -rf ~).jpg",
    "template": "${filename}.jpg",
    "tilde": "~/.ssh/id_rsa.jpg",
}
"""Multipart ``filename`` values (the key field is the policy's ``uploads/{id}/${filename}``)."""

RAW_FILENAMES: dict[str, bytes] = {
    "nul": b"cat\x00.jpg",
    "crlf": b"cat\r\n.jpg",
    "lf": b"cat\n.jpg",
    "escape": b"cat\x1b[2J.jpg",
    "delete-char": b"cat\x7f.jpg",
    "bad-utf8": b"\xff\xfe.jpg",
    "overlong-utf8-slash": b"\xc0\xaf\xc0\xaf.jpg",
    "300-bytes-utf8": "猫".encode() * 100 + b".jpg",
}
"""Raw ``filename`` bytes written into the part header by hand."""

KEYS: list[str] = [
    "uploads/{job}/../x.jpg",
    "uploads/{job}/../../generated/{job}/avatar.png",
    "uploads/{job}/%2e%2e/%2e%2e/x.jpg",
    "uploads/{job}/./x.jpg",
    "uploads/{job}/sub/x.jpg",
    "uploads/{job}//x.jpg",
    "uploads/{job}/",
    "uploads/{job}",
    "/uploads/{job}/x.jpg",
    "/etc/passwd",
    "uploads/{job}\\..\\x.jpg",
    "uploads/{job}/x\\..\\..\\y.jpg",
    "uploads/{job}/x\x00.jpg",
    "uploads/{job}/x\r\n.jpg",
    "uploads/{job}/" + "a" * 300 + ".jpg",
    "uploads/{other}/x.jpg",
    "UPLOADS/{job}/x.jpg",
    "uploads/{JOB}/x.jpg",
    "generated/{job}/avatar.png",
    "meta/{job}/ticket.json",
    "uploads/{job}/${filename}/${filename}",
    "",
]
"""``key`` form field values (``{job}`` is the form's own job, ``{other}`` another presign)."""

SAFE_KEYS = {"uploads/{job}/${filename}/${filename}"}
"""Keys that may also be accepted, as long as only the canonical key is stored."""


# -- tampering with the policy ----------------------------------------------------------


def _policy_doc(fields: dict[str, str]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(base64.b64decode(fields["policy"]))
    return doc


def _encode(doc: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(doc, separators=(",", ":")).encode()).decode()


def _edit_condition(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        for cond in doc["conditions"]:
            if isinstance(cond, list) and name in cond[:2]:
                cond[-1] = value
            elif isinstance(cond, dict) and name in cond:
                cond[name] = value

    return edit


POLICY_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "content-length-range": _edit_condition("content-length-range", 10**12),
    "content-type-condition": _edit_condition("$Content-Type", ["image/gif", "text/html"]),
    "bucket": _edit_condition("bucket", "other-bucket"),
    "key-prefix": _edit_condition("$key", "uploads/"),
    "expiration": lambda doc: doc.update(expiration="2999-01-01T00:00:00.000000Z"),
    "no-conditions": lambda doc: doc.update(conditions=[]),
}
"""Edits of the (signed) policy document; each one breaks the signature."""

SIGNATURES: dict[str, str] = {
    "empty": "",
    "zeros": "0" * 64,
    "short": "abc",
    "10kb": "a" * 10_240,
    "unicode": "签名" * 16,
    "uppercase-of-real": "{upper}",
}

ALGORITHMS = ["AWS4-HMAC-SHA256", "", "none", "PETAVATAR-HMAC-SHA1"]

SIGNED_MALFORMED_POLICIES: dict[str, bytes] = {
    "not-json": b"not json",
    "json-list": b"[]",
    "json-string": b'"x"',
    "no-expiration": b'{"conditions": []}',
    "expiration-number": b'{"expiration": 5, "conditions": []}',
    "conditions-string": b'{"expiration": "2999-01-01T00:00:00.000000Z", "conditions": "x"}',
    "range-not-numbers": (
        b'{"expiration": "2999-01-01T00:00:00.000000Z", "conditions": '
        b'[{"bucket": "petavatar-local"}, ["starts-with", "$key", "uploads/"], '
        b'["content-length-range", "a", "b"], ["in", "$Content-Type", ["image/jpeg"]]]}'
    ),
    "types-number": (
        b'{"expiration": "2999-01-01T00:00:00.000000Z", "conditions": '
        b'[{"bucket": "petavatar-local"}, ["starts-with", "$key", "uploads/"], '
        b'["content-length-range", 1, 10], ["in", "$Content-Type", 5]]}'
    ),
    "deeply-nested": b"[" * 30_000 + b"]" * 30_000,
}
"""Policies signed with the server's real secret but malformed (as if the secret leaked):
the decoder must still answer 4xx, never crash."""

CONTENT_TYPE_FIELDS = [
    "image/gif",
    "text/html",
    "image/svg+xml",
    "application/octet-stream",
    "",
    "image/jpeg\r\nX-Injected: 1",
    "image/png",  # declared PNG, JPEG bytes
]
"""Declared ``Content-Type`` form fields for a JPEG file."""

MULTIPART_BODIES: dict[str, tuple[str, bytes]] = {
    "not-multipart": ("image/jpeg", JPEG),
    "no-boundary": ("multipart/form-data", b"--x\r\n\r\n--x--\r\n"),
    "wrong-boundary": ("multipart/form-data; boundary=abc", b"--xyz\r\n\r\n--xyz--\r\n"),
    "empty-body": ("multipart/form-data; boundary=abc", b""),
    "only-closing": ("multipart/form-data; boundary=abc", b"--abc--\r\n"),
    "garbage": ("multipart/form-data; boundary=abc", b"\x00\xff" * 1000),
    "no-headers": ("multipart/form-data; boundary=abc", b"--abc\r\n\r\ndata\r\n--abc--\r\n"),
    "header-no-colon": (
        "multipart/form-data; boundary=abc",
        b"--abc\r\nContent-Disposition form-data\r\n\r\nx\r\n--abc--\r\n",
    ),
    "huge-header": (
        "multipart/form-data; boundary=abc",
        b"--abc\r\nX-Long: " + b"h" * 200_000 + b"\r\n\r\nx\r\n--abc--\r\n",
    ),
    "boundary-200-chars": ("multipart/form-data; boundary=" + "b" * 200, b"--" + b"b" * 200),
    "form-urlencoded": ("application/x-www-form-urlencoded", b"key=uploads%2Fx&policy=y"),
    "json": ("application/json", b'{"key": "uploads/x"}'),
}
"""Raw bodies for ``POST /uploads`` (content type, body)."""

BLOB_PATHS = [
    "/blobs/../../etc/passwd",
    "/blobs/%2e%2e/%2e%2e/etc/passwd",
    "/blobs//etc/passwd",
    "/blobs/uploads/{job}/original.jpg",
    "/blobs/uploads/{job}/original.jpg?expires=abc&signature=x",
    "/blobs/uploads/{job}/original.jpg?expires=99999999999999999999&signature=x",
    "/blobs/uploads/{job}/original.jpg?expires=-1&signature=x",
    "/blobs/uploads/{job}/original.jpg?expires=1e9&signature=" + "a" * 129,
    "/blobs/uploads/{job}/original.jpg%00.png?expires=1&signature=x",
    "/blobs/generated\\..\\x?expires=1&signature=x",
    "/blobs/" + "k" * 10_240 + "?expires=1&signature=x",
    "/blobs/api_keys.json?expires=1&signature=x",
    "/blobs/%2e%2e%2fapi_keys.json?expires=1&signature=x",
]
"""Downloads through the storage stand-in without a valid signature."""

ODD_ROUTES = [
    ("PUT", "/process"),
    ("DELETE", "/status/0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"),
    ("GET", "/uploads"),
    ("GET", "/process"),
    ("POST", "/status/0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"),
    ("GET", "/admin"),
    ("GET", "/" + "x" * 10_000),
]

PRESIGN_QUERIES = [
    {"species": "dragon"},
    {"species": "cat' OR 1=1"},
    {"breed": "b" * 500},
    {"pet_name": "n" * 500},
    {"breed": "b" * 81},
    {"species": ""},
]


# -- cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input: ``run(ctx)`` sends it and returns what to judge."""

    id: str
    run: Callable[[Ctx], Outcome]
    expect: str = "refused"


@dataclass
class Outcome:
    response: httpx.Response
    job_id: str | None = None
    allowed: frozenset[int] = field(default_factory=frozenset)
    """Statuses beyond 4xx that are fine for this case (e.g. 204 for ``safe``)."""


@dataclass
class Ctx:
    env: Env
    other_key: str
    failed_job: str
    """A terminal job of the main key (the target of key and route cases)."""

    def presign(self) -> dict[str, Any]:
        return self.env.presign()


def _upload_file(name: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        mime = _declared(name)
        ext = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic"}[mime]
        response = ctx.env.upload(ticket, FILES[name](), content_type=mime, filename=f"x.{ext}")
        return Outcome(response, ticket["job_id"])

    return Case(f"file-{name}", run, _file_expect(name))


def _upload_with_fields(case_id: str, fields: Callable[[Ctx, dict[str, Any]], dict[str, str]]):
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        response = ctx.env.upload(ticket, JPEG, fields=fields(ctx, ticket))
        return Outcome(response, ticket["job_id"])

    return Case(case_id, run)


def _tampered_policy(name: str) -> Case:
    def fields(ctx: Ctx, ticket: dict[str, Any]) -> dict[str, str]:
        doc = _policy_doc(ticket["upload_fields"])
        POLICY_EDITS[name](doc)
        return {"policy": _encode(doc)}

    return _upload_with_fields(f"policy-{name}", fields)


def _bad_signature(name: str) -> Case:
    def fields(ctx: Ctx, ticket: dict[str, Any]) -> dict[str, str]:
        value = SIGNATURES[name]
        if value == "{upper}":
            value = ticket["upload_fields"]["x-amz-signature"].upper()
        return {"x-amz-signature": value}

    return _upload_with_fields(f"signature-{name}", fields)


def _algorithm(value: str) -> Case:
    return _upload_with_fields(
        f"algorithm-{value or 'empty'}", lambda ctx, ticket: {"x-amz-algorithm": value}
    )


def _secret(env: Env) -> bytes:
    return (Path(env.stack.settings.data_dir) / "signing_secret").read_bytes()


def _signed_malformed(name: str) -> Case:
    def fields(ctx: Ctx, ticket: dict[str, Any]) -> dict[str, str]:
        policy = base64.b64encode(SIGNED_MALFORMED_POLICIES[name]).decode()
        signature = hmac.new(_secret(ctx.env), policy.encode(), hashlib.sha256).hexdigest()
        return {"policy": policy, "x-amz-signature": signature}

    return _upload_with_fields(f"signed-malformed-policy-{name}", fields)


def _validly_signed(case_id: str, bucket: str | None, prefix: str | None) -> Case:
    """A genuine policy for another bucket or another job's prefix, used on this form."""

    def fields(ctx: Ctx, ticket: dict[str, Any]) -> dict[str, str]:
        signer = ctx.env.stack.signer
        assert signer is not None
        if bucket is not None:
            signer = signer.with_bucket(bucket)
        other = ctx.presign()["job_id"] if prefix else ticket["job_id"]
        return signer.post_policy(
            f"{UPLOADS_PREFIX}{other}/", 900, 1024, ["image/jpeg", "image/png"]
        ) | {"key": f"{UPLOADS_PREFIX}{ticket['job_id']}/x.jpg"}

    return _upload_with_fields(case_id, fields)


def _expired(seconds: int) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        ctx.env.clock.advance(seconds)
        return Outcome(ctx.env.upload(ticket, JPEG), ticket["job_id"])

    return Case(f"policy-expired-{seconds}s", run)


def _missing_field(name: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        ticket = {**ticket, "upload_fields": dict(ticket["upload_fields"])}
        del ticket["upload_fields"][name]
        return Outcome(ctx.env.upload(ticket, JPEG), ticket["job_id"])

    return Case(f"form-missing-{name}", run)


def _key_field(template: str) -> Case:
    def fields(ctx: Ctx, ticket: dict[str, Any]) -> dict[str, str]:
        job = ticket["job_id"]
        other = ctx.presign()["job_id"]
        key = template.replace("{job}", job).replace("{JOB}", job.upper())
        return {"key": key.replace("{other}", other)}

    case = _upload_with_fields(f"key-{template!r}", fields)
    return Case(case.id, case.run, "safe" if template in SAFE_KEYS else "refused")


def _filename(name: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        response = ctx.env.upload(ticket, JPEG, filename=FILENAMES[name])
        return Outcome(response, ticket["job_id"], frozenset({204}))

    return Case(f"filename-{name}", run, "safe")


def _multipart(fields: dict[str, str], disposition: bytes, data: bytes) -> tuple[str, bytes]:
    boundary = b"----petavatar-corpus"
    body = b""
    for name, value in fields.items():
        body += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="' + name.encode()
        body += b'"\r\n\r\n' + value.encode() + b"\r\n"
    body += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; ' + disposition
    body += b"\r\nContent-Type: image/jpeg\r\n\r\n" + data + b"\r\n--" + boundary + b"--\r\n"
    return "multipart/form-data; boundary=" + boundary.decode(), body


def _raw_filename(name: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        fields = {**ticket["upload_fields"], "Content-Type": "image/jpeg"}
        ctype, body = _multipart(fields, b'filename="' + RAW_FILENAMES[name] + b'"', JPEG)
        response = ctx.env.client.post("/uploads", content=body, headers={"content-type": ctype})
        return Outcome(response, ticket["job_id"])

    return Case(f"raw-filename-{name}", run)


def _declared_type(value: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        fields = {**ticket["upload_fields"], "Content-Type": value}
        ctype, body = _multipart(fields, b'filename="x.jpg"', JPEG)
        response = ctx.env.client.post("/uploads", content=body, headers={"content-type": ctype})
        return Outcome(response, ticket["job_id"])

    return Case(f"declared-type-{value!r}", run)


def _raw_body(name: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ctype, body = MULTIPART_BODIES[name]
        response = ctx.env.client.post("/uploads", content=body, headers={"content-type": ctype})
        return Outcome(response)

    return Case(f"upload-body-{name}", run)


def _fifty_one_mb(declared_only: bool) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        size = 51 * 1024 * 1024
        if declared_only:
            response = ctx.env.client.post(
                "/uploads",
                content=b"x",
                headers={
                    "content-type": "multipart/form-data; boundary=abc",
                    "content-length": str(size + MULTIPART_OVERHEAD),
                },
            )
        else:
            response = ctx.env.upload(ticket, JPEG + b"\x00" * (size - len(JPEG)))
        return Outcome(response, ticket["job_id"])

    return Case(f"51mb-{'declared' if declared_only else 'streamed'}", run)


def _api_call(env: Env, method: str, path: str, headers: dict[str, Any]) -> httpx.Response:
    if method == "POST":
        body = {"s3_uri": env.uri("0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10")}
        return env.client.post(path, headers=headers, json=body)
    return env.client.request(method, path, headers=headers)


def _odd_key(name: str, method: str, route: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        value = ODD_KEYS[name]
        headers = {} if value is None else {"x-api-key": value}
        return Outcome(_api_call(ctx.env, method, route.format(job=ctx.failed_job), headers))

    return Case(f"api-key-{name}-{method}-{route}", run)


def _mangled_key(how: str, route: str) -> Case:
    mangle: dict[str, Callable[[str], str]] = {
        "truncated": lambda key: key[:-1],
        "doubled": lambda key: key + key,
        "uppercase": str.upper,
        "trailing-nul": lambda key: key + "\x00",
    }

    def run(ctx: Ctx) -> Outcome:
        headers = {"x-api-key": mangle[how](ctx.env.api_key).encode()}
        return Outcome(_api_call(ctx.env, "GET", route.format(job=ctx.failed_job), headers))

    return Case(f"api-key-{how}-{route}", run)


def _job_id(value: str, route: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        path = f"/{route}/" + quote(value, safe="")
        return Outcome(ctx.env.client.get(path, headers=ctx.env.headers))

    return Case(f"job-id-{route}-{value[:40]!r}", run)


def _process_body(name: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        headers = {**ctx.env.headers, "content-type": "application/json"}
        body = PROCESS_BODIES[name]
        return Outcome(ctx.env.client.post("/process", headers=headers, content=body))

    return Case(f"process-body-{name}", run)


def _s3_uri(template: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        job = "0b7e3a52-4d7c-4a43-9a54-5b0f7b1e2f10"
        bucket = ctx.env.stack.settings.bucket
        uri = template.format(job=job, JOB=job.upper(), bucket=bucket)
        return Outcome(ctx.env.process(uri))

    return Case(f"s3-uri-{template[:60]!r}", run)


def _webhook(url: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        ctx.env.upload(ticket, JPEG)
        response = ctx.env.process(ctx.env.uri(ticket["job_id"]), webhook_url=url)
        return Outcome(response, ticket["job_id"])

    return Case(f"webhook-{url[:50]!r}", run)


def _other_tenant(route: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        headers = {"x-api-key": ctx.other_key}
        if route == "process":
            body = {"s3_uri": ctx.env.uri(ctx.failed_job, "original.jpg")}
            return Outcome(ctx.env.client.post("/process", headers=headers, json=body))
        return Outcome(ctx.env.client.get(f"/{route}/{ctx.failed_job}", headers=headers))

    return Case(f"other-tenant-{route}", run)


def _blob_path(template: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        return Outcome(ctx.env.client.get(template.format(job=ctx.failed_job)))

    return Case(f"blob-{template[:60]!r}", run)


def _odd_route(method: str, path: str) -> Case:
    def run(ctx: Ctx) -> Outcome:
        return Outcome(ctx.env.client.request(method, path, headers=ctx.env.headers))

    return Case(f"route-{method}-{path[:30]}", run)


def _presign_query(params: dict[str, Any]) -> Case:
    def run(ctx: Ctx) -> Outcome:
        return Outcome(ctx.env.client.get("/presigned-url", headers=ctx.env.headers, params=params))

    return Case(f"presign-query-{'-'.join(f'{k}:{len(v)}' for k, v in params.items())}", run)


def _reused_form(count: int) -> Case:
    def run(ctx: Ctx) -> Outcome:
        ticket = ctx.presign()
        first = ctx.env.upload(ticket, JPEG)
        assert first.status_code == 204, first.text
        response = first
        for index in range(count):
            response = ctx.env.upload(
                ticket, PNG, content_type="image/png", filename=f"{index}.png"
            )
            assert response.status_code == 409, response.text
        return Outcome(response, ticket["job_id"])

    return Case(f"form-reused-{count}-times", run, "settles-after-refusal")


def all_cases() -> Iterator[Case]:
    yield from (_upload_file(name) for name in FILES)
    yield from (_tampered_policy(name) for name in POLICY_EDITS)
    yield from (_bad_signature(name) for name in SIGNATURES)
    yield from (_algorithm(value) for value in ALGORITHMS)
    yield from (_signed_malformed(name) for name in SIGNED_MALFORMED_POLICIES)
    yield _validly_signed("policy-signed-for-other-bucket", "other-bucket", None)
    yield _validly_signed("policy-signed-for-other-prefix", None, "other")
    yield from (_expired(seconds) for seconds in (901, 86_400))
    yield from (_missing_field(name) for name in ("key", "policy", "x-amz-signature"))
    yield from (_key_field(template) for template in KEYS)
    yield from (_filename(name) for name in FILENAMES)
    yield from (_raw_filename(name) for name in RAW_FILENAMES)
    yield from (_declared_type(value) for value in CONTENT_TYPE_FIELDS)
    yield from (_raw_body(name) for name in MULTIPART_BODIES)
    yield from (_fifty_one_mb(declared) for declared in (True, False))
    for method, route in API_ROUTES:
        yield from (_odd_key(name, method, route) for name in ODD_KEYS)
    for route in ("/status/{job}", "/results/{job}"):
        yield from (_mangled_key(how, route) for how in ("truncated", "doubled", "uppercase"))
    for route in ("status", "results"):
        yield from (_job_id(value, route) for value in JOB_IDS)
    yield from (_process_body(name) for name in PROCESS_BODIES)
    yield from (_s3_uri(template) for template in S3_URIS)
    yield from (_webhook(url) for url in WEBHOOKS)
    yield from (_other_tenant(route) for route in ("status", "results", "process"))
    yield from (_blob_path(template) for template in BLOB_PATHS)
    yield from (_odd_route(method, path) for method, path in ODD_ROUTES)
    yield from (_presign_query(params) for params in PRESIGN_QUERIES)
    yield _reused_form(3)


CASES = list(all_cases())


# -- the stack ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory, model_cache_dir: Path) -> Iterator[Ctx]:
    tmp = tmp_path_factory.mktemp("hostile")
    pipeline = build_pipeline(Settings(cache_dir=model_cache_dir, data_dir=tmp / "unused"))
    env = make_env(tmp, pipeline=pipeline, cache_dir=model_cache_dir)
    _, other = env.stack.keys.create("other tenant")
    ticket = env.presign()
    assert env.upload(ticket, JPEG[:100]).status_code == 204
    assert env.stack.jobs.get(ticket["job_id"]).status == "failed"
    try:
        yield Ctx(env, other, ticket["job_id"])
    finally:
        pipeline.close()


def _normal_photo() -> bytes:
    """A real pet photo: a shared fixture when present, else scikit-image's chelsea (CC0)."""
    shared = sorted(SHARED_PETS.glob("*.jpg"))
    if shared:
        return shared[0].read_bytes()
    from skimage import data

    buffer = io.BytesIO()
    Image.fromarray(data.chelsea()).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _drain(env: Env, limit: int = 20) -> None:
    """Run the worker (and, once the queue is empty, the reconciler) until nothing is left."""
    for _ in range(limit):
        if not env.worker.run_once():
            break
    env.clock.advance(env.stack.reconciler.stale_after + 1)
    env.stack.reconciler.run()
    for _ in range(limit):
        if not env.worker.run_once():
            break


def _non_terminal(env: Env) -> list[str]:
    return [
        record.job_id
        for record in env.stack.jobs.list_jobs(frozenset({"queued", "processing"}), limit=1000)
    ]


def _assert_error_body(response: httpx.Response) -> None:
    assert response.headers.get("content-type", "").startswith("application/json"), response.text
    body = response.json()
    assert set(body) == {"error", "message"}, body
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in body["message"]


def _assert_refused(outcome: Outcome) -> None:
    response = outcome.response
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    _assert_error_body(response)


def _assert_clear(message: str) -> None:
    assert message and not CLEAR_MESSAGE_FORBIDDEN.search(message), message


def _assert_job_ended(ctx: Ctx, job_id: str, allowed: set[str]) -> None:
    env = ctx.env
    status = env.client.get(f"/status/{job_id}", headers=env.headers)
    assert status.status_code == 200, status.text
    body = status.json()
    assert body["status"] in allowed, body
    if body["status"] == "failed":
        _assert_clear(body["error"])
        results = env.client.get(f"/results/{job_id}", headers=env.headers)
        assert results.status_code == 409
        _assert_error_body(results)
        _assert_clear(results.json()["message"])


def _assert_only_canonical(ctx: Ctx, job_id: str | None) -> None:
    keys = ctx.env.stack.blobs.list_keys(UPLOADS_PREFIX)
    for key in keys:
        assert re.fullmatch(r"uploads/[0-9a-f-]{36}/original\.(jpg|png|heic)", key), key
    if job_id is not None:
        mine = [key for key in keys if key.startswith(f"{UPLOADS_PREFIX}{job_id}/")]
        assert len(mine) <= 1, mine


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_case(ctx: Ctx, case: Case) -> None:
    outcome = case.run(ctx)
    response = outcome.response
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if case.expect == "refused":
        _assert_refused(outcome)
    elif case.expect == "safe":
        if response.status_code != 204:
            _assert_refused(outcome)
    elif case.expect == "fails" and response.status_code != 204:
        _assert_refused(outcome)
    else:
        if case.expect != "settles-after-refusal":
            assert response.status_code == 204, response.text[:300]
        assert outcome.job_id is not None
        _drain(ctx.env)
        allowed = {"failed"} if case.expect == "fails" else {"failed", "completed"}
        _assert_job_ended(ctx, outcome.job_id, allowed)
    _drain(ctx.env)
    _assert_only_canonical(ctx, outcome.job_id)
    assert _non_terminal(ctx.env) == []


def test_corpus_has_at_least_150_cases() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


def test_after_the_corpus_the_server_is_healthy_and_a_photo_completes(ctx: Ctx) -> None:
    env = ctx.env
    assert env.client.get("/health").status_code == 200
    assert env.client.get("/ready").status_code == 200
    photo = _normal_photo()
    ticket = env.presign()
    assert env.upload(ticket, photo).status_code == 204
    _drain(env)
    status = env.client.get(f"/status/{ticket['job_id']}", headers=env.headers).json()
    assert status["status"] == "completed", status
    results = env.client.get(f"/results/{ticket['job_id']}", headers=env.headers)
    assert results.status_code == 200
    avatar = urlsplit(results.json()["avatar_url"])
    download = env.client.get(f"{avatar.path}?{avatar.query}")
    assert download.status_code == 200 and download.content.startswith(b"\x89PNG")
    assert _non_terminal(env) == []


# -- connection level, over a real uvicorn server -------------------------------------------


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def closes(self) -> bool:
        return self.headers.get("connection", "").lower() == "close"


@pytest.fixture(scope="module")
def server(ctx: Ctx) -> Iterator[tuple[str, int]]:
    """The corpus stack's app under uvicorn (as ``petavatar serve`` runs it), on a free port."""
    import threading
    import time

    import uvicorn

    config = uvicorn.Config(
        ctx.env.stack.app(), host="127.0.0.1", port=0, log_level="warning", access_log=False
    )
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not runner.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = runner.servers[0].sockets[0].getsockname()[1]
    try:
        yield "127.0.0.1", port
    finally:
        runner.should_exit = True
        thread.join(10)


def _read_response(stream: Any) -> RawResponse:
    status_line = stream.readline()
    assert status_line, "the server closed the connection without answering"
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := stream.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = stream.read(int(headers.get("content-length", "0")))
    return RawResponse(status, headers, body)


def _request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


HEALTH = _request("GET", "/health", {})


def _upload_request(ctx: Ctx, filename: str) -> bytes:
    ticket = ctx.presign()
    fields = {**ticket["upload_fields"], "Content-Type": "image/jpeg"}
    ctype, body = _multipart(fields, b'filename="' + filename.encode() + b'"', JPEG)
    return _request("POST", "/uploads", {"content-type": ctype}, body)


def _bad_requests(ctx: Ctx) -> dict[str, bytes]:
    key = {"x-api-key": ctx.env.api_key}
    return {
        "300-char filename": _upload_request(ctx, "a" * 296 + ".jpg"),
        "malformed JSON": _request(
            "POST", "/process", {**key, "content-type": "application/json"}, b"{"
        ),
        "10 KB job id": _request("GET", "/status/" + "a" * 10_240, key),
        "bad API key": _request("GET", "/status/" + ctx.failed_job, {"x-api-key": "x"}),
        "truncated multipart": _request(
            "POST", "/uploads", {"content-type": "multipart/form-data; boundary=abc"}, b"--abc\r\n"
        ),
    }


def test_a_bad_request_never_breaks_the_next_one_on_the_connection(
    ctx: Ctx, server: tuple[str, int]
) -> None:
    import socket

    for name, bad in _bad_requests(ctx).items():
        with socket.create_connection(server, timeout=10) as sock:
            stream = sock.makefile("rb")
            sock.sendall(bad)
            first = _read_response(stream)
            assert 400 <= first.status < 500, (name, first)
            assert set(json.loads(first.body)) == {"error", "message"}, (name, first.body)
            assert not first.closes, name
            sock.sendall(HEALTH)
            assert _read_response(stream).status == 200, name


def test_pipelined_bad_then_good_requests_are_answered_in_order(
    ctx: Ctx, server: tuple[str, int]
) -> None:
    import socket

    with socket.create_connection(server, timeout=10) as sock:
        stream = sock.makefile("rb")
        sock.sendall(b"".join(_bad_requests(ctx).values()) + HEALTH)
        statuses = [_read_response(stream).status for _ in range(len(_bad_requests(ctx)) + 1)]
    assert all(400 <= status < 500 for status in statuses[:-1]), statuses
    assert statuses[-1] == 200


def test_oversized_upload_is_413_and_the_server_closes_that_connection(
    ctx: Ctx, server: tuple[str, int]
) -> None:
    import socket

    head = _request(
        "POST",
        "/uploads",
        {
            "content-type": "multipart/form-data; boundary=abc",
            "content-length": str(60 * 1024 * 1024),
        },
    ).replace(b"Content-Length: 0\r\n", b"")
    with socket.create_connection(server, timeout=10) as sock:
        stream = sock.makefile("rb")
        sock.sendall(head + b"--abc\r\n")
        first = _read_response(stream)
        assert first.status == 413
        assert json.loads(first.body)["error"] == "payload_too_large"
        # The unread body must not be parsed as the next request: the server says it
        # closes the connection, and does, instead of reading 60 MB of it.
        assert first.closes
        assert stream.read() == b""
    assert httpx.get(f"http://{server[0]}:{server[1]}/health").status_code == 200


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /health HTTP/1.1\r\nHost: x\r\nx-api-key: a\x00b\r\n\r\n",
        b"GET /status/x HTTP/1.1\r\nHost: x\r\nx-api-key: a\r\n b\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GARBAGE\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    ],
    ids=["nul-in-header", "obsolete-folding", "two-lengths", "bad-chunk", "garbage", "70kb-url"],
)
def test_protocol_violations_get_4xx_and_the_server_stays_up(
    server: tuple[str, int], raw: bytes
) -> None:
    """Refused by uvicorn's HTTP parser itself (a plain-text 400, or a closed socket)."""
    import socket

    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(raw)
        stream = sock.makefile("rb")
        line = stream.readline()
        if line:
            assert 400 <= int(line.split()[1]) < 500, line
    assert httpx.get(f"http://{server[0]}:{server[1]}/health").status_code == 200
