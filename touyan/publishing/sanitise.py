"""The one place a post's HTML is cleaned (nh3, an allow-list): what the editor makes —
paragraphs, headings, lists, quotes, emphasis, links and tables — and nothing else (a post's
photos are its own uploads, shown beside the text, never an address in it). Scripts, event handlers (``on…``), ``style`` attributes and links to anything but
http(s) or mail are dropped, whatever the browser sent."""

from __future__ import annotations

from html import unescape

import nh3

TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(html: str) -> str:
    """``html`` with only the allowed tags, attributes and URL schemes; links get
    ``rel="noopener noreferrer"``. Headings of level 1 become level 2 (the page has its own)."""
    html = (html or "").replace("<h1", "<h2").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """The words of ``html`` without its tags (for summaries and feeds)."""
    return " ".join(unescape(nh3.clean(html or "", tags=set())).split())
