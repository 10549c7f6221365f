"""The domain's tables as data files, and the readers that open package data.

Careers, breeds, naming pools and phrases live here as TOML and CSV files, each
described by a comment at its top. The domain modules validate them with pydantic
models when they are first used (``functools.cache``), so importing a module reads
nothing. The readers only open files that ship inside the ``petavatar`` package.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any

__all__ = ["read_bytes", "read_csv", "read_toml", "require_exactly", "require_known"]


def _text(name: str, package: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def read_bytes(name: str, package: str = __name__) -> bytes:
    """The bytes of the data file ``name`` of ``package`` (the domain's data by default)."""
    return resources.files(package).joinpath(name).read_bytes()


def read_toml(name: str, package: str = __name__) -> dict[str, Any]:
    """The parsed TOML file ``name`` of ``package`` (the domain's data by default)."""
    return tomllib.loads(_text(name, package))


def read_csv(name: str, package: str = __name__) -> list[dict[str, str]]:
    """The rows of the CSV file ``name`` of ``package``, keyed by the header's column names."""
    return list(csv.DictReader(io.StringIO(_text(name, package), newline="")))


def require_known(what: str, keys: Iterable[str], known: Iterable[str]) -> None:
    """Raise ``ValueError`` naming the keys of table ``what`` that are not in ``known``."""
    unknown = sorted(set(keys) - set(known))
    if unknown:
        raise ValueError(f"{what}: unknown keys {unknown}")


def require_exactly(what: str, keys: Iterable[str], expected: Iterable[str]) -> None:
    """Raise ``ValueError`` naming what table ``what`` lacks or adds, unless it has ``expected``."""
    keys, expected = set(keys), set(expected)
    if keys != expected:
        raise ValueError(
            f"{what}: missing {sorted(expected - keys)}, unknown {sorted(keys - expected)}"
        )
