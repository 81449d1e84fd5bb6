from django import template

register = template.Library()


@register.filter
def absolute(value):
    """abs() for templates: "3 days ago" from a days-left of -3."""
    try:
        return abs(value)
    except TypeError:
        return value
