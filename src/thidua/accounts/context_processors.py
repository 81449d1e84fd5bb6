from .access import access_of


def roles(request):
    """Expose the user's access to templates, so pages only offer what the services will allow, and the number
    of unread notifications for the menu (one COUNT query, evaluated only when a page shows it)."""
    from django.utils.functional import SimpleLazyObject

    from thidua.core.notifications import unread_count

    user = getattr(request, "user", None)
    unread = SimpleLazyObject(lambda: unread_count(user=user) if user and user.is_authenticated else 0)
    return {"access": access_of(user), "unread_notifications": unread, "print_unit": SimpleLazyObject(
        lambda: _unit_name(user))}


def _unit_name(user) -> str:
    """The name of the unit the user works for (its first role), printed at the head of every page; one query."""
    if not (user and user.is_authenticated):
        return ""
    return user.role_assignments.order_by("pk").values_list("unit__name", flat=True).first() or ""
