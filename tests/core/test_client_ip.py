"""X-Forwarded-For is believed only from a trusted proxy."""

from __future__ import annotations

from store_app.core.client_ip import client_ip


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_ip(peer="198.51.100.1", forwarded_for="203.0.113.9", trusted_proxies=()) == "198.51.100.1"


def test_a_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_ip(peer="198.51.100.1", forwarded_for="203.0.113.9", trusted_proxies=["10.0.0.1"]) == "198.51.100.1"


def test_behind_a_trusted_proxy_the_forwarded_address_counts() -> None:
    assert client_ip(peer="10.0.0.1", forwarded_for="203.0.113.9", trusted_proxies=["10.0.0.1"]) == "203.0.113.9"


def test_addresses_a_client_prepends_are_skipped() -> None:
    # The client sent "1.2.3.4" itself; the trusted proxies appended the real address and each other.
    chain = "1.2.3.4, 203.0.113.9, 10.0.0.2"
    assert client_ip(peer="10.0.0.1", forwarded_for=chain, trusted_proxies=["10.0.0.0/24"]) == "203.0.113.9"


def test_ipv6_is_normalised() -> None:
    assert client_ip(peer="2001:DB8:0:0:0:0:0:1", forwarded_for=None, trusted_proxies=()) == "2001:db8::1"
