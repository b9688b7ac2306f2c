"""``{{ item|shown }}``: a policy item's name in the user's language (see ``policies.names``)."""

from django import template

from touyan.policies.names import shown as shown_name

register = template.Library()


@register.filter
def shown(item, field: str = "name") -> str:
    return shown_name(item, field)
