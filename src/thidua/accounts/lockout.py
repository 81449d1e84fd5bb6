"""Too many failed logins: what the person sees, and which address a request comes from (django-axes callables)."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def cooloff_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    minutes = cooloff_minutes()
    return ngettext(
        "Too many failed sign-in attempts. Sign-in is locked for %(minutes)d minute; try again later or ask the "
        "council office to unlock it.",
        "Too many failed sign-in attempts. Sign-in is locked for %(minutes)d minutes; try again later or ask the "
        "council office to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None):
    """429: the API's error shape for the API, the sign-in page with the reason for a person."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": []}, status=429)
    from .forms import LoginForm

    response = render(request, "accounts/login.html", {"form": LoginForm(request), "locked_out": message}, status=429)
    response["Retry-After"] = str(cooloff_minutes() * 60)
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind a trusted reverse proxy (THIDUA_BEHIND_PROXY), the address that
    proxy appended to X-Forwarded-For (the right-most one per proxy; left-most values can be forged by the client)."""
    remote = request.META.get("REMOTE_ADDR")
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    count = max(1, int(getattr(settings, "THIDUA_PROXY_COUNT", 1)))
    if len(forwarded) >= count:
        return forwarded[-count][:100]
    return remote
