"""View decorators shared by the apps."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import Resolver404, resolve


def post_only(view):
    """A view that acts only on POST. A GET of its URL — a reload after a form error, the language switch, which
    comes back to the address in the browser, a link copied from the address bar — does not answer 405: it goes
    back to the page the form belongs to, the nearest enclosing address a GET can open, with the same query (a
    list's filters stay)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            return view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            return redirect(form_page(request.path_info) + (f"?{query}" if query else ""))
        return HttpResponseNotAllowed(["POST"])

    wrapped.post_only = True
    return wrapped


def form_page(path: str) -> str:
    """The nearest address above ``path`` (dropping its last parts one by one) that resolves to a view a GET can
    open; the home page when there is none."""
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        base = "/".join(parts)
        for candidate in (f"{base}/", base):
            try:
                match = resolve(candidate)
            except Resolver404:
                continue
            if not getattr(match.func, "post_only", False):
                return candidate
    return "/"
