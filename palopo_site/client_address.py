"""The client's address for the login lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

Why this and not axes' own choices: without django-ipware (not installed) axes uses
REMOTE_ADDR, which behind nginx is nginx's address for every client, so the lock on
"username + address" becomes a lock on the username alone and anyone anywhere can
lock an editor out. django-ipware would be a new dependency whose proxy settings
(a proxy count, or proxy address prefixes looked for inside the header) judge the
header by what it says, not by who sent the request; the rule below is a few lines.

The rule: X-Forwarded-For is believed only when the request comes from a trusted
proxy (REMOTE_ADDR in ``settings.TRUSTED_PROXIES``: addresses or networks, empty by
default). Then the client is the right-most address in it that is not itself a
trusted proxy: nginx appends the address it sees (``$proxy_add_x_forwarded_for``),
everything to the left of that is whatever the client sent. From anywhere else the
client is REMOTE_ADDR, so a forged X-Forwarded-For changes nothing.
"""

import functools
import ipaddress

from django.conf import settings


@functools.cache
def trusted_networks(proxies: tuple[str, ...]) -> tuple:
    """``TRUSTED_PROXIES`` as networks (settings.py has refused a wrong entry at start)."""
    return tuple(ipaddress.ip_network(proxy) for proxy in proxies)


def _address(text: str):
    """The IP address in ``text``, IPv4-mapped IPv6 as IPv4; None if it is none."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    hop = _address(remote or "")

    def trusted(address):
        return any(address in network for network in networks)

    if hop is None or not trusted(hop):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            break  # not an address (a misconfigured proxy): the last hop we can vouch for
        hop = address
        if not trusted(hop):
            break
    return str(hop)
