from django import template

from touyan.core.text import join_list

register = template.Library()


@register.filter
def listing(items) -> str:
    """``{{ names|listing }}``: names joined as the active language lists them."""
    return join_list(items)
