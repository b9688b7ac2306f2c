from django import template

from touyan.core import personal_data
from touyan.core.text import join_list

register = template.Library()


@register.filter
def listing(items) -> str:
    """``{{ names|listing }}``: names joined as the active language lists them."""
    return join_list(items)


@register.filter
def may_ask_in_full(user) -> bool:
    """``{% if request.user|may_ask_in_full %}``: offer the full-numbers option of an export."""
    return personal_data.may_ask_in_full(user)
