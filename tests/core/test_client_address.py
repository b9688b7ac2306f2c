"""One client address for the audit trail, login throttling and the public forms."""

import pytest
from django.test import RequestFactory

from touyan.core.actors import Actor
from touyan.core.addresses import client_address
from touyan.core.checks import proxy_count_is_set_behind_a_tls_proxy

factory = RequestFactory()


def request(forwarded: str | None = None, remote: str = "10.0.0.5"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_proxies_the_socket_address_counts_and_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request("198.51.100.1")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_wrote(settings):
    settings.PROXY_COUNT = 1
    assert client_address(request("203.0.113.7")) == "203.0.113.7"
    # A client writing its own X-Forwarded-For only adds entries on the left.
    assert client_address(request("1.1.1.1, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_outer_proxys_entry_counts(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request("6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert client_address(request("2001:db8::1, 10.0.0.2")) == "2001:db8::1"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_missing_short_or_garbled_header_falls_back_to_the_socket(settings, forwarded):
    settings.PROXY_COUNT = 1
    assert client_address(request(forwarded)) == "10.0.0.5"
    settings.PROXY_COUNT = 2
    assert client_address(request("203.0.113.7")) == "10.0.0.5"


def test_the_audit_trail_and_the_api_use_the_same_address(settings):
    from touyan.api.context import actor_of

    settings.PROXY_COUNT = 1
    req = request("203.0.113.7")
    req.auth = None
    assert Actor.from_request(req).ip_address == "203.0.113.7"
    assert actor_of(req).ip_address == "203.0.113.7"


def test_axes_counts_failures_against_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.PROXY_COUNT = 1
    assert get_client_ip_address(request("1.1.1.1, 203.0.113.7")) == "203.0.113.7"


def test_check_deploy_warns_when_tls_is_terminated_by_a_proxy_but_the_count_is_unset(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PROXY_COUNT = 0
    assert [w.id for w in proxy_count_is_set_behind_a_tls_proxy(None)] == ["touyan.W010"]
    settings.PROXY_COUNT = 1
    assert proxy_count_is_set_behind_a_tls_proxy(None) == []
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.PROXY_COUNT = 0
    assert proxy_count_is_set_behind_a_tls_proxy(None) == []


def test_throttles_count_an_ipv6_sender_by_its_64_network():
    from touyan.core.addresses import throttle_group

    assert throttle_group("2001:db8:1:2::5") == throttle_group("2001:db8:1:2:ffff::9")
    assert throttle_group("2001:db8:1:2::5") == "2001:db8:1:2::/64"
    assert throttle_group("2001:db8:1:3::5") != throttle_group("2001:db8:1:2::5")
    assert throttle_group("::ffff:203.0.113.7") == "203.0.113.7"
    assert throttle_group("203.0.113.7") == "203.0.113.7"
    assert throttle_group(None) == "unknown"
