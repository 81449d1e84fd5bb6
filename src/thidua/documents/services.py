"""The council office's changes to the documents' fixed wording and Word templates. Every change is a new
``DocumentTemplate`` version of the kind (the latest is in use; the earlier ones stay, so a document issued under
one can be explained), carrying the wording and the Word template forward unless the change is to them."""

from __future__ import annotations

import hashlib
import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from jinja2 import TemplateSyntaxError

from thidua.core.audit import changes, log_action
from thidua.core.files import DOCX, check_office_zip, detect_document_kind
from thidua.core.permissions import require_council_office

from . import word
from .models import DocumentKind, DocumentTemplate
from .wording import DEFAULTS, FIELDS, LIST_FIELDS, latest_template, wording_for

#: Bounds of the wording: lines of a list, characters of a line, of a one-line field, of the introduction.
MAX_LINES = 40
MAX_LINE_CHARS = 500
MAX_FIELD_CHARS = 300
MAX_INTRODUCTION_CHARS = 5000
#: A Word template is a few tens of KB (a logo makes it a few hundred); the bound stays far above.
MAX_WORD_TEMPLATE_BYTES = 5 * 1024 * 1024


def word_template_max_bytes() -> int:
    return int(getattr(settings, "THIDUA_WORD_TEMPLATE_MAX_BYTES", MAX_WORD_TEMPLATE_BYTES))


def check_kind(kind: str) -> str:
    """``kind`` if it is a kind of document the office words, else a ValidationError."""
    if kind not in DEFAULTS or kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Unknown kind of document: %(kind)s.") % {"kind": str(kind)[:50]}]})
    return str(kind)


def clean_wording(content: dict) -> dict:
    """The wording fields of ``content`` cleaned: a list field is given as a list or as text (one line each), its
    lines stripped, empty ones dropped; a one-line field is one line; every field bounded. Fields not given are
    left out (the caller keeps the current ones); unknown keys are ignored. Errors by field."""
    out: dict = {}
    errors: dict[str, list[str]] = {}
    for name in FIELDS:
        if name not in content:
            continue
        value = content[name]
        if name in LIST_FIELDS:
            raw = value.splitlines() if isinstance(value, str) else list(value or [])
            lines = [" ".join(str(line).split()) for line in raw]
            lines = [line for line in lines if line]
            if len(lines) > MAX_LINES:
                errors[name] = [_("At most %(n)s lines.") % {"n": MAX_LINES}]
            elif any(len(line) > MAX_LINE_CHARS for line in lines):
                errors[name] = [_("A line holds at most %(n)s characters.") % {"n": MAX_LINE_CHARS}]
            out[name] = lines
        elif name == "introduction":
            text = "\n".join(line.rstrip() for line in str(value or "").strip().splitlines())
            if len(text) > MAX_INTRODUCTION_CHARS:
                errors[name] = [_("At most %(n)s characters.") % {"n": MAX_INTRODUCTION_CHARS}]
            out[name] = text
        else:
            text = " ".join(str(value or "").split())
            if len(text) > MAX_FIELD_CHARS:
                errors[name] = [_("At most %(n)s characters.") % {"n": MAX_FIELD_CHARS}]
            out[name] = text
    if errors:
        raise ValidationError(errors)
    return out


def current_content(kind: str) -> dict:
    """The wording in use for ``kind``, every field, as a version's ``content``."""
    wording = wording_for(kind)
    return {name: list(getattr(wording, name)) if name in LIST_FIELDS else getattr(wording, name)
            for name in FIELDS}


def _new_version(*, by, kind: str, content: dict, word_template: str, note: str) -> DocumentTemplate:
    # The kind's versions are locked while the next number is taken (two saves at once would collide).
    last = (DocumentTemplate.objects.select_for_update().filter(kind=kind).order_by("-version")
            .values_list("version", flat=True).first()) or 0
    return DocumentTemplate(kind=kind, version=last + 1, content=content, word_template=word_template,
                            note=" ".join(str(note or "").split())[:300],
                            created_by=by if getattr(by, "pk", None) else None)


@transaction.atomic
def template_save(*, by, kind: str, content: dict, note: str = "") -> DocumentTemplate:
    """A new version of ``kind``'s wording: the fields given in ``content`` (cleaned, see ``clean_wording``) over
    the wording in use; the Word template in use stays."""
    require_council_office(by)
    kind = check_kind(kind)
    before = current_content(kind)
    after = {**before, **clean_wording(content or {})}
    current = latest_template(kind)
    template = _new_version(by=by, kind=kind, content=after, note=note,
                            word_template=current.word_template.name if current and current.word_template else "")
    template.save()
    log_action("documents.template.saved", actor=by, target=template,
               data={"kind": kind, "version": template.version, "changes": changes(before, after),
                     "note": template.note})
    return template


_BLOCK = re.compile(r"\{%.*?%\}", re.S)


def _paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of the DOCX's body, tables included, in order (as Word numbers them)."""
    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _syntax_error(data: bytes, exc) -> ValidationError:
    """A Jinja syntax error, located: the first paragraph whose fields do not parse on their own (its block tags
    aside, which may span paragraphs), with its number and text; else Jinja's message alone."""
    env = word.sandbox()
    for number, text in enumerate(_paragraphs(data), 1):
        if "{" not in text:
            continue
        try:
            env.parse(_BLOCK.sub("", text))
        except TemplateSyntaxError as found:
            return ValidationError({"file": [
                _("The Word template has a field written wrongly in paragraph %(line)s (“%(text)s”): %(error)s.")
                % {"line": number, "text": " ".join(text.split())[:120], "error": found.message}]})
    return ValidationError({"file": [_("The Word template has a field written wrongly: %(error)s.") % {
        "error": getattr(exc, "message", None) or str(exc)}]})


def check_word_template(*, kind: str, file) -> bytes:
    """The uploaded Word template's bytes, once it is shown to be a DOCX of a sensible size (by its content), to
    keep every required field of the kind (``Spec.required``), to be valid docxtpl/Jinja, and to render a sample of
    the kind. Otherwise a ValidationError naming what is wrong (the missing fields by name)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from .preview import sample_context

    spec = word.spec_for(kind)
    if spec is None:
        raise ValidationError({"kind": [_("This kind of document has no Word template yet.")]})
    limit = word_template_max_bytes()
    if file is None or not getattr(file, "size", 0):
        raise ValidationError({"file": [_("Choose a file to send.")]})
    if file.size > limit:
        raise ValidationError({"file": [_("The file is %(size)s; the limit is %(limit)s.") % {
            "size": filesizeformat(file.size), "limit": filesizeformat(limit)}]})
    file.seek(0)
    if file.read(4) != b"PK\x03\x04":
        raise ValidationError({"file": [_("The file is not a Word document (DOCX), whatever its name says.")]})
    check_office_zip(file, "docx")
    if detect_document_kind(file) != DOCX:
        raise ValidationError({"file": [_("The file is not a Word document (DOCX), whatever its name says.")]})
    file.seek(0)
    data = file.read(limit + 1)
    try:
        found = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(
            jinja_env=word.sandbox())
    except TemplateSyntaxError as exc:
        raise _syntax_error(data, exc) from None
    except TemplateError as exc:
        raise ValidationError({"file": [_("The Word template has a field written wrongly: %(error)s.") % {
            "error": str(exc)}]}) from None
    except Exception:  # python-docx or lxml on a damaged part
        raise ValidationError({"file": [_("The file could not be read as a Word document.")]}) from None
    missing = [name for name in spec.required if name not in found]
    if missing:
        raise ValidationError({"file": [_("The Word template lacks required fields: %(fields)s.") % {
            "fields": "; ".join(f"{{{{ {name} }}}} ({spec.required[name]})" for name in missing)}]})
    try:
        word.render_template(data, sample_context(kind, wording_for(kind)))
    except TemplateSyntaxError as exc:
        raise _syntax_error(data, exc) from None
    except Exception as exc:  # the template breaks on a sample document: refused before the office relies on it
        raise ValidationError({"file": [_("The Word template fails on a sample document: %(error)s.") % {
            "error": str(exc)[:300]}]}) from None
    return data


@transaction.atomic
def word_template_upload(*, by, kind: str, file, note: str = "") -> DocumentTemplate:
    """A new version of ``kind`` with the office's Word template (checked: ``check_word_template``) and the wording
    in use."""
    require_council_office(by)
    kind = check_kind(kind)
    data = check_word_template(kind=kind, file=file)
    current = latest_template(kind)
    template = _new_version(by=by, kind=kind, content=current_content(kind), word_template="",
                            note=note or _("Word template uploaded"))
    template.word_template.save(f"{kind}-v{template.version}.docx", ContentFile(data), save=False)
    template.save()
    log_action("documents.template.word_uploaded", actor=by, target=template,
               data={"kind": kind, "version": template.version, "file": str(getattr(file, "name", ""))[:200],
                     "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                     "replaced": bool(current and current.word_template)})
    return template


@transaction.atomic
def word_template_remove(*, by, kind: str, note: str = "") -> DocumentTemplate:
    """A new version of ``kind`` without a Word template: its documents are laid out by the built-in layout."""
    require_council_office(by)
    kind = check_kind(kind)
    current = latest_template(kind)
    if current is None or not current.word_template:
        raise ValidationError(_("This kind of document has no Word template to remove."))
    template = _new_version(by=by, kind=kind, content=current_content(kind), word_template="",
                            note=note or _("Word template removed"))
    template.save()
    log_action("documents.template.word_removed", actor=by, target=template,
               data={"kind": kind, "version": template.version, "previous": current.version})
    return template
