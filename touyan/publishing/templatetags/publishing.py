"""``{% activity_post_url activity as url %}``: where the host of a studio that organised the
activity turns it into a post of the studio's site (HN-4.1.6); "" for anyone else."""

from django import template
from django.urls import reverse

from ..site import site_of
from ..views.activity import hosted_organiser

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_post_url(context, activity) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    studio = hosted_organiser(user, activity)
    if studio is None or site_of(studio) is None:
        return ""
    if not user.has_perm("publishing.post_activity", studio):
        return ""
    return reverse("publishing:from_activity", args=[activity.pk])
