"""A DNS resolver for tests (the sandbox has no DNS): names map to fixed addresses."""

from __future__ import annotations

from collections.abc import Callable, Mapping

PUBLIC_ADDRESS = "93.184.216.34"
"""A globally routable address that test names resolve to unless mapped otherwise."""


def fake_resolver(names: Mapping[str, list[str]] | None = None) -> Callable[[str, int], list[str]]:
    """A :data:`~petavatar.security.webhook_targets.Resolver` over ``names``."""
    table = {"localhost": ["127.0.0.1", "::1"], **(names or {})}

    def resolve(host: str, port: int) -> list[str]:
        return list(table.get(host, [PUBLIC_ADDRESS]))

    return resolve
