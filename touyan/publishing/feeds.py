"""Atom and RSS 2.0 feeds of a studio's site and of each of its columns (HN-4.1.6): the latest
posts, their summary, their author and the day they were published."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from touyan.policies.names import shown

from . import selectors
from .sanitise import plain_text
from .site import site_of


class StudioFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, pk, column=None):
        studio = get_object_or_404(selectors.site_studios(), pk=pk)
        site = site_of(studio)
        if site is None:
            raise Http404
        chosen = None
        if column is not None:
            chosen = site.column(column)
            if chosen is None:
                raise Http404
        return {"studio": studio, "column": chosen}

    def title(self, obj):
        if obj["column"] is not None:
            return f"{obj['studio'].name} · {shown(obj['column'])}"
        return obj["studio"].name

    def link(self, obj):
        if obj["column"] is not None:
            return reverse("publishing:column", args=[obj["studio"].pk, obj["column"].code])
        return reverse("publishing:site", args=[obj["studio"].pk])

    def description(self, obj):
        return _("%(studio)s的工作动态、论文、案例与活动") % {"studio": obj["studio"].name}

    subtitle = description

    def items(self, obj):
        column = obj["column"].code if obj["column"] is not None else None
        posts = selectors.published(obj["studio"], column)
        return list(posts.select_related("studio")[: selectors.FEED_ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or plain_text(item.body)[:200]

    def item_link(self, item):
        return reverse("publishing:post", args=[item.pk])

    def item_author_name(self, item):
        return item.author_name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at if item.updated_at > item.published_at else item.published_at

    def item_categories(self, item):
        return [item.column]


class StudioAtomFeed(StudioFeed):
    feed_type = Atom1Feed
