"""Paged lists: ``limit`` rows from ``offset``, and when more follow a ``Link: <…>; rel="next"`` header (RFC 8288)
naming the same query with the offset moved on, so a client follows the links instead of guessing when to stop."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def paged(request: HttpRequest, response: HttpResponse, rows, *, offset: int, limit: int) -> list:
    """Rows ``offset`` to ``offset + limit`` of a queryset (or list), reading one more to know whether a next page
    exists (no COUNT over every row)."""
    found = list(rows[offset: offset + limit + 1])
    if len(found) > limit:
        query = request.GET.copy()
        query["offset"], query["limit"] = str(offset + limit), str(limit)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return found[:limit]
