"""``petavatar keys webhook-secret``: the key receivers verify webhook signatures with."""

from __future__ import annotations

from pathlib import Path

import pytest

from petavatar.bootstrap import webhook_secret
from petavatar.config import Settings
from petavatar.entrypoints.cli.main import main
from petavatar.jobs.webhook import sign_body, verify_signature


def test_the_printed_key_verifies_what_the_service_signs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "webhook-secret", "--data-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.strip()
    key = webhook_secret(Settings(data_dir=tmp_path))
    body = b'{"job_id":"j","status":"completed"}'
    assert verify_signature(bytes.fromhex(printed), body, sign_body(key, body))
    assert main(["keys", "webhook-secret", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == printed  # created once, then kept
    assert (tmp_path / "webhook_secret").stat().st_mode & 0o777 == 0o600
