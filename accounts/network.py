"""The client's address, for rate limits and the security log: one function that every limiter uses.

Behind the council's reverse proxy every request arrives from the proxy's address, so limits keyed on
REMOTE_ADDR would lock every family out together. The proxy's X-Forwarded-For names the real client,
but anyone can send that header: it is believed only when the request comes from an address listed in
TRUSTED_PROXIES, and then read from the right, skipping the council's own proxies, so a client cannot
choose its own address by putting one at the left of the header.
"""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(address: str):
    address = address.strip()
    if address.startswith("[") and "]" in address:  # [IPv6]:port
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # IPv4:port
        address = address.split(":", 1)[0]
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def is_trusted_proxy(address) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the person at the other end, as far as the council's own proxies can vouch for it."""
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None or not is_trusted_proxy(remote):
        return str(remote) if remote is not None else "0.0.0.0"
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        named = _parse(request.headers.get(header, "") or "")
        return str(named) if named is not None else str(remote)
    hops = [_parse(part) for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    for hop in reversed(hops):
        if hop is None:
            break  # a malformed entry: nothing to its left can be trusted
        if not is_trusted_proxy(hop):
            return str(hop)
    return str(remote)
