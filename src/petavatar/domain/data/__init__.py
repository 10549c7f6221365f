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
from importlib import resources
from typing import Any

__all__ = ["read_csv", "read_toml"]


def _text(name: str, package: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def read_toml(name: str, package: str = __name__) -> dict[str, Any]:
    """The parsed TOML file ``name`` of ``package`` (the domain's data by default)."""
    return tomllib.loads(_text(name, package))


def read_csv(name: str, package: str = __name__) -> list[dict[str, str]]:
    """The rows of the CSV file ``name`` of ``package``, keyed by the header's column names."""
    return list(csv.DictReader(io.StringIO(_text(name, package), newline="")))
