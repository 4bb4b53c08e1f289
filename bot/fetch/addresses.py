"""Which network addresses Tidings may connect to, and a resolver that enforces it.

A bot that fetches whatever strangers post must not become a way into the network it runs in:
loopback, private, link-local, multicast and reserved addresses are refused unless the
configured allow-list names them. The resolver checks every address a name resolves to and
hands the connector only those checked addresses, so nothing is looked up twice and a name
cannot point somewhere else between the check and the connection.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

from aiohttp.abc import AbstractResolver, ResolveResult

log = logging.getLogger(__name__)

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

AddrInfo: TypeAlias = tuple[int, int, int, str, tuple[Any, ...]]
Lookup: TypeAlias = Callable[[str, int, int], Awaitable[Sequence[AddrInfo]]]
"""A getaddrinfo-like coroutine: (host, port, family) -> address infos for stream sockets."""

# Deprecated IPv4-compatible addresses (::a.b.c.d) and the local-use NAT64 prefix have no
# business appearing in a public DNS answer.
_ALWAYS_BLOCKED: Final[tuple[ipaddress.IPv6Network, ...]] = (
    ipaddress.IPv6Network("::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")
_NUMERIC_FLAGS: Final = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
_ADDRCONFIG: Final = socket.AI_ADDRCONFIG


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address that a mapped, 6to4 or NAT64 address leads to."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_blocked_address(address: IPAddress) -> bool:
    """Tell whether an address is not on the public internet (or is multicast)."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in _ALWAYS_BLOCKED):
            return True
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_blocked_address(embedded)
        blocked_v6 = address.is_site_local
    else:
        blocked_v6 = False
    return (
        blocked_v6
        or not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def parse_address(text: str) -> IPAddress | None:
    """Parse an IP address (an IPv6 zone suffix is allowed), or return None."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def normalize_host(host: str) -> str:
    """Lower-case a host name and drop the trailing dot of a fully qualified name."""
    return host.strip().rstrip(".").lower()


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Refuse non-public addresses, except for allow-listed host names and networks."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_allow_list(cls, entries: Iterable[str]) -> AddressPolicy:
        """Build a policy from host names, IP addresses and CIDR networks."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            text = entry.strip()
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text.strip("[]"), strict=False))
            except ValueError:
                if "/" in text or ":" in text:
                    raise ValueError(
                        f"not an IP address, network or host name: {entry!r}"
                    ) from None
                hosts.add(normalize_host(text))
        return cls(hosts=frozenset(hosts), networks=tuple(networks))

    def permits(self, host: str, address: str | IPAddress) -> bool:
        """Tell whether a connection to this address, reached through this host, is allowed."""
        if normalize_host(host) in self.hosts:
            return True
        parsed = parse_address(address) if isinstance(address, str) else address
        if parsed is None:
            return False
        if any(parsed in network for network in self.networks):
            return True
        return not is_blocked_address(parsed)


class BlockedAddressError(OSError):
    """A host name resolved to an address the policy refuses."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to the refused address {address}")
        self.host = host
        self.address = address


async def _system_lookup(host: str, port: int, family: int) -> Sequence[AddrInfo]:
    loop = asyncio.get_running_loop()
    return await loop.getaddrinfo(
        host, port, family=family, type=socket.SOCK_STREAM, flags=_ADDRCONFIG
    )


class GuardedResolver(AbstractResolver):
    """Resolve names, refuse the lookup if any address is blocked, return only checked ones."""

    def __init__(self, policy: AddressPolicy, *, lookup: Lookup | None = None) -> None:
        self._policy = policy
        self._lookup = lookup or _system_lookup

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Return the checked addresses of a host, or raise an OSError."""
        infos = await self._lookup(host, port, family)
        results: list[ResolveResult] = []
        for info_family, _type, proto, _canonical, sockaddr in infos:
            if info_family not in (socket.AF_INET, socket.AF_INET6):
                continue
            address = str(sockaddr[0])
            if not self._policy.permits(host, address):
                log.info("refused address host=%s address=%s", host, address)
                raise BlockedAddressError(host, address)
            results.append(
                ResolveResult(
                    hostname=host,
                    host=address,
                    port=int(sockaddr[1]),
                    family=info_family,
                    proto=proto,
                    flags=_NUMERIC_FLAGS,
                )
            )
        if not results:
            raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
        return results

    async def close(self) -> None:
        """Release nothing: the lookup holds no resources."""
