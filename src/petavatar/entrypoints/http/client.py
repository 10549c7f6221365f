"""A small client for the PetAvatar job API (used by ``petavatar submit``).

presign → upload (multipart POST to ``upload_url`` with ``upload_fields``, the
file streamed from disk) → process → poll status → download the avatar, the
report card and the identity JSON into an output directory.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from petavatar.rendering.formats import EXTENSIONS, sniff_image_format

ProgressFn = Callable[[int, str], None]
"""Called with (progress 0–100, status) while polling."""


class ApiError(Exception):
    """An error answer from the service (or a transport failure, status 0)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}" if status == 0 else f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SubmitResult:
    """Where a finished job's files were written."""

    job_id: str
    avatar_path: Path
    report_card_path: Path
    report_card_og_path: Path
    identity_path: Path
    results: dict[str, Any]


class PetAvatarClient:
    """Talks to one PetAvatar service with one API key."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        client: httpx.Client | None = None,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = {"x-api-key": api_key}
        self._http = client or httpx.Client(timeout=timeout)
        self._sleep = sleep
        self._monotonic = monotonic

    # -- raw calls -------------------------------------------------------------

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        try:
            body = response.json()
            code, message = str(body.get("error", "error")), str(body.get("message", ""))
        except ValueError:
            code, message = "http_error", response.text[:200]
        raise ApiError(response.status_code, code, message)

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._check(self._http.request(method, url, **kwargs))
        except httpx.HTTPError as exc:
            raise ApiError(0, "connection_error", f"cannot reach {url}: {exc}") from exc

    def presign(self, hints: dict[str, str] | None = None) -> dict[str, Any]:
        """``GET /presigned-url`` (optional species/breed/pet_name hints)."""
        params = {k: v for k, v in (hints or {}).items() if v}
        url = f"{self.base_url}/presigned-url"
        body: dict[str, Any] = self._request(
            "GET", url, headers=self._headers, params=params
        ).json()
        return body

    def upload(self, ticket: dict[str, Any], photo: Path) -> str:
        """Upload ``photo`` with the ticket's form; returns the object's ``s3://`` URI."""
        with photo.open("rb") as fh:
            content_type = sniff_image_format(fh.read(64))
            if content_type is None:
                raise ApiError(0, "unsupported_image", f"{photo} is not a JPEG, PNG or HEIC image")
            fh.seek(0)
            filename = f"original.{EXTENSIONS[content_type]}"
            fields = {**ticket["upload_fields"], "Content-Type": content_type}
            self._request(
                "POST",
                ticket["upload_url"],
                data=fields,
                files={"file": (filename, fh, content_type)},
            )
        key = str(ticket["upload_fields"]["key"]).replace("${filename}", filename)
        return f"s3://{ticket['bucket']}/{key}"

    def process(self, s3_uri: str, webhook_url: str | None = None) -> dict[str, Any]:
        """``POST /process``."""
        payload: dict[str, Any] = {"s3_uri": s3_uri}
        if webhook_url:
            payload["webhook_url"] = webhook_url
        url = f"{self.base_url}/process"
        body: dict[str, Any] = self._request(
            "POST", url, headers=self._headers, json=payload
        ).json()
        return body

    def status(self, job_id: str) -> dict[str, Any]:
        """``GET /status/{job_id}``."""
        url = f"{self.base_url}/status/{job_id}"
        body: dict[str, Any] = self._request("GET", url, headers=self._headers).json()
        return body

    def results(self, job_id: str) -> dict[str, Any]:
        """``GET /results/{job_id}``."""
        url = f"{self.base_url}/results/{job_id}"
        body: dict[str, Any] = self._request("GET", url, headers=self._headers).json()
        return body

    def download(self, url: str, dest: Path) -> Path:
        """Stream a signed URL to ``dest``."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._http.stream("GET", url) as response:
                if not response.is_success:
                    response.read()
                    self._check(response)
                with dest.open("wb") as fh:
                    for chunk in response.iter_bytes():
                        fh.write(chunk)
        except httpx.HTTPError as exc:
            raise ApiError(0, "connection_error", f"cannot download {url}: {exc}") from exc
        return dest

    # -- the whole flow -----------------------------------------------------------------

    def wait(
        self,
        job_id: str,
        *,
        on_progress: ProgressFn | None = None,
        poll_interval: float = 0.5,
        timeout: float = 900.0,
    ) -> dict[str, Any]:
        """Poll until the job completes (returns its status) or fails (raises ApiError)."""
        deadline = self._monotonic() + timeout
        while True:
            status = self.status(job_id)
            if on_progress is not None:
                on_progress(int(status.get("progress", 0)), str(status["status"]))
            if status["status"] == "completed":
                return status
            if status["status"] == "failed":
                raise ApiError(
                    0,
                    str(status.get("error_code") or "failed"),
                    str(status.get("error") or "processing failed"),
                )
            if self._monotonic() >= deadline:
                raise ApiError(0, "timeout", f"job {job_id} did not finish within {timeout:.0f} s")
            self._sleep(poll_interval)

    def submit(
        self,
        photo: Path,
        out_dir: Path,
        *,
        hints: dict[str, str] | None = None,
        on_progress: ProgressFn | None = None,
        poll_interval: float = 0.5,
        timeout: float = 900.0,
    ) -> SubmitResult:
        """Run the whole flow for one photo and write the outputs to ``out_dir``."""
        ticket = self.presign(hints)
        job_id = str(ticket["job_id"])
        s3_uri = self.upload(ticket, photo)
        self.process(s3_uri)
        self.wait(job_id, on_progress=on_progress, poll_interval=poll_interval, timeout=timeout)
        results = self.results(job_id)
        out_dir.mkdir(parents=True, exist_ok=True)
        avatar = self.download(results["avatar_url"], out_dir / f"{job_id}-avatar.png")
        card = self.download(results["report_card_url"], out_dir / f"{job_id}-report-card.png")
        og = self.download(results["report_card_og_url"], out_dir / f"{job_id}-report-card-og.png")
        identity_path = out_dir / f"{job_id}-identity.json"
        identity_path.write_text(
            json.dumps(
                {k: results[k] for k in ("job_id", "identity", "pet_analysis", "career")},
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        return SubmitResult(job_id, avatar, card, og, identity_path, results)

    def close(self) -> None:
        """Close the HTTP client."""
        self._http.close()
