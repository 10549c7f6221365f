"""Where webhooks may go: public addresses only, unless an operator allows more.

A ``webhook_url`` is checked when it is given (``POST /process``, 400 when refused)
and again before every delivery attempt, after DNS resolution, so a name that
later resolves to an internal address (DNS rebinding) is refused too. Every address
the name resolves to must be allowed. Refused: loopback (unless
``webhook_allow_loopback``), private, link-local, unique-local and shared address
space (unless ``webhook_allow_private``), and multicast, unspecified and reserved
addresses always. Redirects are never followed (a 3xx answer is a failed delivery),
so a public endpoint cannot bounce a webhook inward.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from petavatar.errors import InvalidInputError

Resolver = Callable[[str, int], Sequence[str]]
"""``(host, port) -> IP address strings`` (the default uses ``socket.getaddrinfo``)."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _category(address: IPAddress) -> str | None:
    """Why ``address`` is not a public one (None when it is)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _category(address.ipv4_mapped)
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private or not address.is_global:
        return "private"
    return None


def _ip_literal(host: str) -> IPAddress | None:
    """``host`` as an address when it is one, including the legacy IPv4 spellings that
    ``inet_aton`` (and so every HTTP client) accepts: ``127.1``, ``0x7f.0.0.1``, ``2130706433``."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if host and all(ch in "0123456789abcdefxABCDEFX." for ch in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


@dataclass(frozen=True)
class WebhookTargets:
    """The operator's rule for webhook destinations."""

    allow_private: bool = False
    allow_loopback: bool = False
    resolver: Resolver = field(default=system_resolver)

    def check(self, url: str) -> None:
        """Raise :class:`InvalidInputError` unless every address of ``url``'s host is allowed."""
        parts = urlsplit(url)
        host = parts.hostname
        if parts.scheme not in ("http", "https") or not host:
            raise InvalidInputError(
                f"webhook_url must be an absolute http(s) URL, got {url[:100]!r}"
            )
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for address in self._addresses(host, port):
            reason = _category(address)
            if reason is None or self._allowed(reason):
                continue
            raise InvalidInputError(
                f"webhook_url {host!r} points at a {reason} address ({address}); webhooks go "
                "to public addresses only (operators can allow this with "
                f"PETAVATAR_WEBHOOK_ALLOW_{'LOOPBACK' if reason == 'loopback' else 'PRIVATE'})"
            )

    def _allowed(self, reason: str) -> bool:
        if reason == "loopback":
            return self.allow_loopback
        return reason in ("private", "link-local") and self.allow_private

    def _addresses(self, host: str, port: int) -> list[IPAddress]:
        literal = _ip_literal(host)
        if literal is not None:
            return [literal]
        try:
            found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolver(host, port)]
        except (OSError, UnicodeError, ValueError) as exc:
            raise InvalidInputError(
                f"webhook_url host {host!r} cannot be resolved; check the name"
            ) from exc
        if not found:
            raise InvalidInputError(f"webhook_url host {host!r} has no addresses")
        return found
