"""The client's address, the one function the audit trail, login throttling and the public
forms all use.

Behind ``PROXY_COUNT`` trusted reverse proxies, each proxy appends the address it received the
request from to ``X-Forwarded-For``; the entry written by the outermost trusted proxy is the
``PROXY_COUNT``-th from the right. Entries further left were written by the client and prove
nothing. Without proxies the address is the socket's, ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        # The request did not come through every trusted proxy: only the socket is known.
        return remote
    return _valid(forwarded[-proxies]) or remote


def throttle_group(address: str | None) -> str:
    """What a per-address throttle counts: the address itself for IPv4, the /64 network for
    IPv6 (one subscriber usually holds a whole /64, so counting single addresses would let one
    sender rotate through billions of them)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
