from django import template

from touyan.funding.money import yuan as as_yuan

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """Integer fen as yuan: ``{{ budget.amount_fen|yuan }}`` → "1,234.56"."""
    return "" if fen is None or fen == "" else as_yuan(int(fen))
