"""A post as an HTML fragment for a WeChat public-account article (HN-4.1.6).

WeChat's editor keeps inline ``style`` attributes and drops stylesheets, and it cannot fetch
images from an intranet address: every element carries its style, and every photo is embedded
as a ``data:`` URI. The fragment is built from the sanitised body, so nothing in it runs."""

from __future__ import annotations

import base64
import re

from django.utils.html import escape

from .models import Post
from .sanitise import clean_html

FONT = "font-size:16px;line-height:1.75;color:#333;"
STYLES = {
    "p": "margin:0 0 1em;" + FONT,
    "h2": "margin:1.2em 0 0.6em;font-size:20px;font-weight:bold;color:#1a4f8b;",
    "h3": "margin:1em 0 0.5em;font-size:18px;font-weight:bold;color:#1a4f8b;",
    "h4": "margin:1em 0 0.5em;font-size:16px;font-weight:bold;",
    "blockquote": "margin:1em 0;padding:0.5em 1em;border-left:4px solid #c8d6e5;color:#555;",
    "ul": "margin:0 0 1em;padding-left:1.5em;" + FONT,
    "ol": "margin:0 0 1em;padding-left:1.5em;" + FONT,
    "li": "margin:0.2em 0;",
    "a": "color:#1a4f8b;text-decoration:underline;",
    "table": "border-collapse:collapse;width:100%;margin:1em 0;",
    "th": "border:1px solid #ccc;padding:4px 8px;background:#f3f6fa;",
    "td": "border:1px solid #ccc;padding:4px 8px;",
    "hr": "border:0;border-top:1px solid #ddd;margin:1.5em 0;",
}
TAG = re.compile(r"<(" + "|".join(STYLES) + r")(\s[^>]*)?>")
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def _styled(html: str) -> str:
    return TAG.sub(lambda m: f'<{m.group(1)} style="{STYLES[m.group(1)]}"{m.group(2) or ""}>', html)


def data_uri(field_file) -> str:
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    with field_file.open("rb") as stream:
        encoded = base64.b64encode(stream.read()).decode("ascii")
    return f"data:{CONTENT_TYPES.get(extension, 'image/jpeg')};base64,{encoded}"


def wechat_fragment(post: Post) -> str:
    parts = [f'<section style="{FONT}">']
    parts.append(
        f'<h1 style="font-size:22px;font-weight:bold;margin:0 0 0.5em;color:#222;">'
        f"{escape(post.title)}</h1>"
    )
    byline = " · ".join(
        part
        for part in (
            post.studio.name,
            post.author_name,
            post.published_at.strftime("%Y-%m-%d") if post.published_at else "",
        )
        if part
    )
    parts.append(f'<p style="margin:0 0 1.5em;font-size:14px;color:#888;">{escape(byline)}</p>')
    if post.summary:
        parts.append(
            f'<p style="margin:0 0 1.5em;padding:0.8em 1em;background:#f5f7fa;font-size:15px;'
            f'color:#555;">{escape(post.summary)}</p>'
        )
    parts.append(_styled(clean_html(post.body)))
    for photo in post.photos.all():
        parts.append(
            f'<p style="margin:1em 0;text-align:center;"><img src="{data_uri(photo.image)}" '
            f'alt="{escape(photo.caption)}" style="max-width:100%;height:auto;"></p>'
        )
        if photo.caption:
            parts.append(
                f'<p style="margin:-0.5em 0 1em;text-align:center;font-size:13px;color:#888;">'
                f"{escape(photo.caption)}</p>"
            )
    parts.append("</section>")
    return "\n".join(parts)
