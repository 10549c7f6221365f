"""Files and folders only their owner can read: folders 0700, files 0600, whatever the umask.

Every local adapter (blob files, SQLite databases, secrets, upload spool) creates its
paths through these helpers, so no photo, job record or key is readable by other
local users.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Final

DIR_MODE: Final = 0o700
FILE_MODE: Final = 0o600


def private_dir(path: Path, *, root: Path | None = None) -> Path:
    """Create ``path`` (and missing parents) and make it 0700.

    Folders between ``root`` (exclusive; default: ``path`` itself only) and ``path``
    that this call creates or finds are made 0700 too.
    """
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    folder = path
    while True:
        if folder.stat().st_mode & 0o777 != DIR_MODE:
            os.chmod(folder, DIR_MODE)
        if root is None or folder == root or not folder.is_relative_to(root):
            break
        folder = folder.parent
    return path


def create_private_file(path: Path) -> int:
    """Create ``path`` exclusively as 0600 and return its open descriptor (write-only)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return fd


def make_private(path: Path) -> None:
    """Make an existing file 0600 (missing is fine)."""
    try:
        if path.stat().st_mode & 0o777 != FILE_MODE:
            os.chmod(path, FILE_MODE)
    except FileNotFoundError:
        return


def load_or_create_secret(path: Path) -> bytes:
    """Read a 32-byte secret from ``path``, creating it (mode 0600) on first use."""
    path = Path(path)
    if path.exists():
        data = path.read_bytes().strip()
        if data:
            return bytes.fromhex(data.decode("ascii"))
    secret = secrets.token_bytes(32)
    with os.fdopen(create_private_file(path), "w", encoding="ascii") as fh:
        fh.write(secret.hex())
    return secret
