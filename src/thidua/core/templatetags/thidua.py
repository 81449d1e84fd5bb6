from django import template

register = template.Library()


@register.filter
def action_label(code):
    from thidua.core.audit_labels import action_label as label

    return label(code)


@register.filter
def detail_lines(event):
    """``{% for label, text in event|detail_lines %}``: an audit event's details in words (core.audit_labels)."""
    from thidua.core.audit_labels import detail_lines as lines

    return lines(event)


@register.filter
def key_label(key):
    from thidua.core.audit_labels import key_label as label

    return label(key)


@register.simple_tag
def participant_items(group, unit_url_prefix: str, head_label: str, deputy_label: str):
    """The ``<li>`` of one cluster's participants, built in Python with every text escaped.

    A province lists about a thousand participants on the campaign page; rendering each through template
    variables (or format_html per row) costs several times more than escaping and joining here.
    """
    from html import escape

    from django.utils.safestring import mark_safe

    prefix = escape(str(unit_url_prefix))
    badges = {}
    if group.head_id is not None:
        badges[group.head_id] = f' <span class="badge">{escape(str(head_label))}</span>'
    if group.deputy_id is not None:
        badges[group.deputy_id] = f' <span class="badge light">{escape(str(deputy_label))}</span>'
    return mark_safe(  # noqa: S308  every interpolated value is escaped above or is an int id
        "".join(
            f'<li><a href="{prefix}{int(p.unit_id)}/">{escape(p.unit_name)}</a>{badges.get(p.unit_id, "")}</li>'
            for p in group.participants
        )
    )


@register.simple_tag
def days_left_badge(left: int):
    """"3 days left", "Due today" or "passed 3 days ago", as a coloured pill."""
    from django.utils.html import format_html
    from django.utils.translation import gettext, ngettext

    if left > 0:
        css, text = "ok", ngettext("%(days)s day left", "%(days)s days left", left) % {"days": left}
    elif left == 0:
        css, text = "warn", gettext("Due today")
    else:
        css, text = "past", ngettext("passed %(days)s day ago", "passed %(days)s days ago", -left) % {"days": -left}
    return format_html('<span class="pill {}">{}</span>', css, text)


@register.filter
def vi_number(value, digits=None):
    """``{{ value|vi_number:1 }}`` → ``1.234,5`` (core.numbers)."""
    from thidua.core.numbers import vi_number as render

    return render(value, None if digits in (None, "") else int(digits))


@register.filter
def vi_percent(value, digits=1):
    """``{{ value|vi_percent }}`` → ``83,3 %`` (core.numbers)."""
    from thidua.core.numbers import vi_percent as render

    return render(value, int(digits))
