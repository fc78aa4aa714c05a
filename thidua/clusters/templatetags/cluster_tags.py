"""Display of points: two decimals with a decimal comma ("8,50"); blank stays blank."""

from django import template

register = template.Library()


@register.filter
def points(value):
    if value is None or value == "":
        return ""
    return f"{value:.2f}".replace(".", ",")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
