from .access import access_of


def roles(request):
    """Expose the user's access to templates, so pages only offer what the services will allow."""
    return {"access": access_of(getattr(request, "user", None))}
