"""Word templates: each kind of document is built from a *context* (plain data: strings, lists of strings, lists
of dicts) by a *layout* (the built-in NĐ 30/2020 builder), or, when the council office has uploaded its own Word
template for the kind, by that DOCX with docxtpl fields (``{{ issuer }}``, ``{%p for line in basis %}`` …)
rendered with the same context.

Each renderer module registers a ``Spec``: its layout, its placeholder context (the context with docxtpl tags in
place of the values, so that ``layout(placeholders())`` *is* the default Word template the office downloads), and
the fields a template must keep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spec:
    kind: str
    layout: Callable[[dict], bytes]
    placeholders: Callable[[], dict]
    #: field name → what it holds, in Vietnamese (shown on the template page; an upload missing one is refused)
    required: dict[str, str] = field(default_factory=dict)
    #: optional fields, same shape (listed on the page, not enforced)
    optional: dict[str, str] = field(default_factory=dict)


SPECS: dict[str, Spec] = {}


def register(spec: Spec) -> Spec:
    SPECS[spec.kind] = spec
    return spec


def render(kind: str, context: dict) -> bytes:
    """The document of ``kind``: the office's uploaded Word template rendered with ``context`` when there is one,
    else the built-in layout."""
    return SPECS[kind].layout(context)
