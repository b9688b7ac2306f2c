"""The ``[site]`` section of a studio's programme policy: its columns, its kinds of post and
whether the centre reviews before publishing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touyan.policies import schema
from touyan.programmes.policy import spec_of


def site_of(studio) -> schema.Site | None:
    """The site section of the studio's programme policy, or None when it has none."""
    return spec_of(studio.programme).site


def required_site(studio) -> schema.Site:
    site = site_of(studio)
    if site is None:
        raise ValidationError(_("本项目的政策没有 [site] 一节，工作室不能发布文章"))
    return site
