from urllib.parse import urljoin

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(url: str) -> bool:
    """A path on this site ("/programmes/…"): not "//host/…", not "/\\host", not "javascript:"."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def absolute_link(url: str) -> str:
    """The link an e-mail can carry: a path made absolute on TOUYAN_SITE_URL, an http(s)
    address as it is, anything else dropped."""
    if not url:
        return ""
    link = urljoin(settings.TOUYAN_SITE_URL, url)
    return link if link.startswith(("http://", "https://")) else ""
