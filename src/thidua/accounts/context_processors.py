from .access import access_of


def roles(request):
    """Expose the user's access to templates, so pages only offer what the services will allow, and the number
    of unread notifications for the menu (one COUNT query, evaluated only when a page shows it)."""
    from django.utils.functional import SimpleLazyObject

    from thidua.core.notifications import unread_count

    user = getattr(request, "user", None)
    unread = SimpleLazyObject(lambda: unread_count(user=user) if user and user.is_authenticated else 0)
    return {"access": access_of(user), "unread_notifications": unread}
