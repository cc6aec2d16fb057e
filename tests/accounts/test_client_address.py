"""The client's address: X-Forwarded-For is believed only from the council's own proxies.

Behind the documented reverse proxy every request came from the proxy's address, so one family's
failed sign-ins locked every family out; believing the header from anyone would let an attacker pick
a fresh address for every guess. Header shapes are nginx's `$proxy_add_x_forwarded_for` (the client
list with the proxy's peer appended at the right) and `X-Real-IP` (`$remote_addr`).
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.network import client_ip
from tests.accounts.factories import PASSWORD, UserFactory

PROXY = "10.0.0.5"


def request_from(remote, forwarded=None, **headers):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    meta.update(headers)
    return RequestFactory().get("/", **meta)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]
    settings.TRUSTED_CLIENT_IP_HEADER = ""
    return settings


def test_without_configured_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_the_header_from_an_address_that_is_not_a_proxy_is_ignored(behind_proxy):
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_from_the_proxy_the_rightmost_address_it_did_not_add_itself_is_the_client(behind_proxy):
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"
    # A client that sends its own header only adds to the left of what the proxy appends.
    assert client_ip(request_from(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_a_chain_of_council_proxies_is_walked_past(behind_proxy):
    assert client_ip(request_from(PROXY, "198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_ipv6_and_ports_are_understood(behind_proxy):
    assert client_ip(request_from("::1", "[2001:db8::7]:5123")) == "2001:db8::7"
    assert client_ip(request_from(PROXY, "198.51.100.7:443")) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_proxy_address(behind_proxy):
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY


def test_a_named_header_replaces_x_forwarded_for_only_from_the_proxy(behind_proxy):
    behind_proxy.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request_from(PROXY, "1.2.3.4", HTTP_X_REAL_IP="198.51.100.8")) == "198.51.100.8"
    assert client_ip(request_from("203.0.113.9", None, HTTP_X_REAL_IP="198.51.100.8")) == "203.0.113.9"


def via_proxy(address):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def failed_sign_ins(client, login, times, **meta):
    for attempt in range(times):
        client.post(reverse("account_login"), {"login": login, "password": f"guess-{attempt}"}, **meta)


def test_one_familys_lockout_behind_the_proxy_does_not_lock_out_another(client, db, behind_proxy):
    UserFactory(username="target")
    other = UserFactory(username="other-family")
    # Five failures for different accounts from one family's address: that address is locked out...
    for number in range(5):
        failed_sign_ins(client, f"nobody{number}@example.com", 1, **via_proxy("198.51.100.1"))
    response = client.post(
        reverse("account_login"),
        {"login": other.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert "_auth_user_id" not in client.session
    # ...and a family at another address, through the same proxy, still signs in.
    response = client.post(
        reverse("account_login"),
        {"login": other.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_made_up_header_from_outside_does_not_escape_the_lockout(client, db, behind_proxy):
    other = UserFactory(username="spoofer-target")
    for number in range(5):
        spoofed = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": f"198.51.100.{number}"}
        failed_sign_ins(client, f"nobody{number}@example.com", 1, **spoofed)
    client.post(
        reverse("account_login"),
        {"login": other.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert "_auth_user_id" not in client.session
