"""The address policy and the resolver that enforces it, with lookups faked at the seam."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Any

import pytest

from bot.fetch.addresses import (
    AddressPolicy,
    BlockedAddressError,
    GuardedResolver,
    is_blocked_address,
)

BLOCKED = [
    "127.0.0.1",
    "127.255.0.9",
    "10.20.30.40",
    "172.31.255.1",
    "192.168.0.10",
    "169.254.169.254",
    "100.64.1.1",
    "0.0.0.0",
    "0.1.2.3",
    "192.0.2.7",
    "198.18.0.1",
    "224.0.0.251",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:192.168.1.1",
    "::127.0.0.1",
    "fe80::1",
    "fec0::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "ff0e::1",
    "2001:db8::1",
    "2002:c0a8:101::1",
    "2002:7f00:1::",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::1",
    "100::1",
]
PUBLIC = [
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
    "64:ff9b::808:808",
]


@pytest.mark.parametrize("text", BLOCKED)
def test_blocks_non_public_addresses(text: str) -> None:
    assert is_blocked_address(ipaddress.ip_address(text))


@pytest.mark.parametrize("text", PUBLIC)
def test_allows_public_addresses(text: str) -> None:
    assert not is_blocked_address(ipaddress.ip_address(text))


def test_policy_reads_hosts_addresses_and_networks() -> None:
    policy = AddressPolicy.from_allow_list(["127.0.0.1", "10.0.0.0/8", "LocalHost.", "[::1]", " "])
    assert policy.hosts == frozenset({"localhost"})
    assert [str(network) for network in policy.networks] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]


def test_policy_refuses_malformed_networks() -> None:
    with pytest.raises(ValueError, match=r"10\.0\.0\.0/40"):
        AddressPolicy.from_allow_list(["10.0.0.0/40"])


def test_policy_permits() -> None:
    policy = AddressPolicy.from_allow_list(["10.0.0.0/8", "intranet.example"])
    assert policy.permits("wiki.example", "10.1.1.1")
    assert not policy.permits("wiki.example", "192.168.1.1")
    assert policy.permits("Intranet.Example.", "192.168.1.1")
    assert policy.permits("news.example", "93.184.216.34")
    assert not policy.permits("news.example", "not-an-address")
    assert not AddressPolicy().permits("localhost", "127.0.0.1")


def lookup_of(*addresses: str) -> Any:
    """Build a getaddrinfo stand-in that answers with these addresses."""

    async def lookup(host: str, port: int, family: int) -> Sequence[Any]:
        answers: list[Any] = []
        for text in addresses:
            if ":" in text:
                answers.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (text, port, 0, 0)))
            else:
                answers.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (text, port)))
        return answers

    return lookup


async def test_resolver_returns_only_the_addresses_it_checked() -> None:
    resolver = GuardedResolver(AddressPolicy(), lookup=lookup_of("93.184.216.34", "2606:2800::1"))
    results = await resolver.resolve("news.example", 443, socket.AF_UNSPEC)
    assert [(r["host"], r["port"], r["family"]) for r in results] == [
        ("93.184.216.34", 443, socket.AF_INET),
        ("2606:2800::1", 443, socket.AF_INET6),
    ]
    assert all(r["hostname"] == "news.example" for r in results)
    # Numeric flags stop the connector from resolving the checked address a second time.
    assert all(r["flags"] & socket.AI_NUMERICHOST for r in results)


@pytest.mark.parametrize(
    "answers",
    [
        ("93.184.216.34", "10.0.0.7"),
        ("10.0.0.7", "93.184.216.34"),
        ("2606:2800::1", "::ffff:127.0.0.1"),
        ("93.184.216.34", "169.254.169.254"),
        ("0.0.0.0",),
    ],
)
async def test_resolver_refuses_any_blocked_answer(answers: tuple[str, ...]) -> None:
    resolver = GuardedResolver(AddressPolicy(), lookup=lookup_of(*answers))
    with pytest.raises(BlockedAddressError) as caught:
        await resolver.resolve("rebind.example", 80, socket.AF_UNSPEC)
    assert caught.value.host == "rebind.example"
    assert is_blocked_address(ipaddress.ip_address(caught.value.address))


async def test_resolver_honours_the_allow_list() -> None:
    policy = AddressPolicy.from_allow_list(["10.0.0.0/8"])
    resolver = GuardedResolver(policy, lookup=lookup_of("10.0.0.7"))
    assert [r["host"] for r in await resolver.resolve("wiki.lan", 80)] == ["10.0.0.7"]
    by_name = GuardedResolver(
        AddressPolicy.from_allow_list(["printer.lan"]), lookup=lookup_of("192.168.1.9")
    )
    assert [r["host"] for r in await by_name.resolve("printer.lan", 80)] == ["192.168.1.9"]


async def test_resolver_treats_no_answer_as_a_lookup_failure() -> None:
    resolver = GuardedResolver(AddressPolicy(), lookup=lookup_of())
    with pytest.raises(socket.gaierror):
        await resolver.resolve("empty.example", 80)


async def test_resolver_uses_the_system_lookup_by_default() -> None:
    resolver = GuardedResolver(AddressPolicy())
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("localhost", 80, socket.AF_INET)
    await resolver.close()
