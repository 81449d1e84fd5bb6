"""Reads of the documents' wording and Word templates: for the council office only (anyone else: 403; a kind that
does not exist: 404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.access import access_of

from . import word
from .models import DocumentKind, DocumentTemplate
from .wording import DEFAULTS, FIELDS, LIST_FIELDS, Wording, wording_for

FIELD_LABELS = {
    "basis": gettext_lazy("Further grounds (one per line)"),
    "recipients": gettext_lazy("Recipients (one per line)"),
    "archive": gettext_lazy("Archive line"),
    "signer_title": gettext_lazy("Signer's title"),
    "signer_name": gettext_lazy("Signer's name"),
    "introduction": gettext_lazy("Introduction"),
}


def require_office(user) -> None:
    if not access_of(user).is_council_office:
        raise PermissionDenied(_("Only the council office edits the documents' templates."))


def kind_get(*, user, kind: str) -> str:
    """``kind`` when it is a kind of document the office words (else 404), for the office (else 403)."""
    require_office(user)
    if kind not in DocumentKind.values or kind not in DEFAULTS:
        raise Http404
    return kind


def template_kinds(*, user) -> list[dict]:
    """Every kind of document with its version in use (None: the built-in wording) and whether a Word template
    lays it out (one query)."""
    require_office(user)
    latest: dict[str, DocumentTemplate] = {}
    for template in DocumentTemplate.objects.select_related("created_by").order_by("kind", "-version"):
        latest.setdefault(template.kind, template)
    return [{"kind": kind, "label": label, "current": latest.get(kind), "has_spec": word.spec_for(kind) is not None}
            for kind, label in DocumentKind.choices if kind in DEFAULTS]


def _as_content(wording: Wording) -> dict:
    return {name: list(getattr(wording, name)) if name in LIST_FIELDS else getattr(wording, name) for name in FIELDS}


def template_history(*, user, kind: str) -> list[dict]:
    """The versions of ``kind``, newest first, each with who saved it, its note and what it changed from the one
    before (the wording fields by label, the Word template) (one query)."""
    kind_get(user=user, kind=kind)
    versions = list(DocumentTemplate.objects.filter(kind=kind).select_related("created_by").order_by("version"))
    rows = []
    before = _as_content(Wording(kind=kind, version=0, **DEFAULTS[kind]))
    before_file = ""
    for template in versions:
        after = _as_content(wording_for(kind, template=template))
        changed = [FIELD_LABELS[name] for name in FIELDS if before.get(name) != after.get(name)]
        file_name = template.word_template.name if template.word_template else ""
        rows.append({"template": template, "changed": changed,
                     "word": ("uploaded" if file_name and file_name != before_file else
                              "removed" if before_file and not file_name else "")})
        before, before_file = after, file_name
    rows.reverse()
    return rows


def current_word_template(*, user, kind: str) -> DocumentTemplate:
    """The version in use of ``kind`` when it has a Word template, else 404."""
    from .wording import latest_template

    kind_get(user=user, kind=kind)
    current = latest_template(kind)
    if current is None or not current.word_template:
        raise Http404
    return current


def fields_of(kind: str) -> dict:
    """The Word template's fields of ``kind`` for the page: required and optional, name → what it holds."""
    spec = word.spec_for(kind)
    if spec is None:
        return {"required": {}, "optional": {}}
    return {"required": dict(spec.required), "optional": dict(spec.optional)}
