"""The address of the client behind a request (SPEC H6).

`X-Forwarded-For` is written by whoever sends the request, so it is believed only when the
request arrives from a proxy listed in TRUSTED_PROXIES (addresses or networks). The chain
is then read from the right, skipping trusted proxies: the first other address is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from store_app.core.settings import get_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_networks(entries: Iterable[str]) -> list[Network]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _normalise(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return address.strip()[:64]


def client_ip(*, peer: str, forwarded_for: str | None, trusted_proxies: Iterable[str] | None = None) -> str:
    """The client's address, given the connecting `peer` and its `X-Forwarded-For` header."""
    networks = _parse_networks(get_settings().trusted_proxies if trusted_proxies is None else trusted_proxies)
    if not networks or not forwarded_for or not _is_trusted(peer, networks):
        return _normalise(peer)
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return _normalise(hop)
    # Every hop is a trusted proxy: the leftmost one is the closest thing to a client.
    return _normalise(hops[0]) if hops else _normalise(peer)
