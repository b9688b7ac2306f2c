"""What the studio site shows outside its pages: its places on 我的工作室, in the programmes
whose policy gives studios a site."""

from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.programmes.policy import spec_of


def studio_links(subject) -> list[tuple[str, str]]:
    studio, _hosts = subject
    if spec_of(studio.programme).site is None:
        return []
    return [
        (reverse("publishing:studio_posts", args=[studio.pk]), _("网站文章")),
        (reverse("publishing:site", args=[studio.pk]), _("工作室网站")),
    ]
