from django import template

register = template.Library()


@register.filter
def absolute(value):
    """abs() for templates: "3 days ago" from a days-left of -3."""
    try:
        return abs(value)
    except TypeError:
        return value


@register.filter
def action_label(code):
    from thidua.core.audit_labels import action_label as label

    return label(code)


@register.filter
def key_label(key):
    from thidua.core.audit_labels import key_label as label

    return label(key)
