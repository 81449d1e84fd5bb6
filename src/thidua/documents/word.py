"""Word templates: each kind of document is built from a *context* (plain data: strings, lists of strings, lists
of dicts) by a *layout* (the built-in NĐ 30/2020 builder), or, when the council office has uploaded its own Word
template for the kind, by that DOCX with docxtpl fields (``{{ issuer }}``, ``{%p for line in basis %}`` …)
rendered with the same context.

Each renderer module registers a ``Spec``: its layout, its placeholder context (the context with docxtpl tags in
place of the values, so that ``layout(placeholders())`` *is* the default Word template the office downloads), and
the fields a template must keep.

An uploaded template is Jinja code written by a person: it runs in Jinja's sandbox (no attribute of Python's
internals, bounded ``range``), with autoescaping (a name holding ``&`` or ``<`` stays text, not XML).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spec:
    kind: str
    layout: Callable[[dict], bytes]
    placeholders: Callable[[], dict]
    #: field name → what it holds, in Vietnamese (shown on the template page; an upload missing one is refused)
    required: dict[str, str] = field(default_factory=dict)
    #: optional fields, same shape (listed on the page, not enforced)
    optional: dict[str, str] = field(default_factory=dict)
    #: ``sample(wording)``: the context of a built-in sample document printed with ``wording`` (a ``Wording``);
    #: the template page's preview when no real document is at hand, and the trial render of an uploaded template.
    sample: Callable[[object], dict] | None = None


SPECS: dict[str, Spec] = {}


def register(spec: Spec) -> Spec:
    SPECS[spec.kind] = spec
    return spec


#: Modules of this package that are not renderers (never imported to find specs).
_NOT_RENDERERS = {"apps", "models", "migrations", "word", "wording", "nd30", "services", "selectors", "views", "urls",
                  "forms", "preview", "xlsx"}


def load_specs() -> dict[str, Spec]:
    """Every renderer's spec: the package's renderer modules register theirs when imported (once)."""
    import importlib
    import pkgutil

    from thidua import documents

    if not _LOADED:
        for module in pkgutil.iter_modules(documents.__path__):
            if module.name not in _NOT_RENDERERS and not module.ispkg:
                importlib.import_module(f"{documents.__name__}.{module.name}")
        _LOADED.append(True)
    return SPECS


_LOADED: list[bool] = []


def spec_for(kind: str) -> Spec | None:
    """The spec of ``kind``, or None when no renderer lays that kind out from a context yet."""
    return load_specs().get(kind)


def sandbox():
    """The Jinja environment an uploaded template runs in."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def render_template(template, context: dict) -> bytes:
    """``template`` (a DOCX: bytes or a file) rendered with ``context`` by docxtpl, in the sandbox."""
    from docxtpl import DocxTemplate

    source = io.BytesIO(template) if isinstance(template, bytes) else template
    document = DocxTemplate(source)
    document.render(context, jinja_env=sandbox(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(kind: str, context: dict) -> bytes:
    """The document of ``kind``: the office's uploaded Word template rendered with ``context`` when there is one,
    else the built-in layout.

    A template checked on upload (``services.word_template_upload``) may still fail on a real document (a field
    used in a way the sample did not show): the document is then laid out by the built-in layout, never refused,
    and the failure is logged for the office to correct its template."""
    from .wording import latest_template

    spec = SPECS[kind]
    current = latest_template(kind)
    if current is not None and current.word_template:
        try:
            with current.word_template.open("rb") as stored:
                return render_template(stored.read(), context)
        except Exception:  # a template that breaks on this document: the built-in layout still gives it
            logger.exception("the Word template of %s v%s failed; the built-in layout is used", kind,
                             current.version)
    return spec.layout(context)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _lower_tags(xml: str) -> str:
    """Tags in lower case: a layout prints some lines in capitals (the issuer, the signer's title), and
    ``{{ SIGNER_TITLE }}`` would be an unknown field. Context names are lower case."""
    return _TAG.sub(lambda match: match.group(0).lower(), xml)


def default_template(kind: str) -> bytes:
    """The built-in layout as a Word template (``layout(placeholders())``), for the office to download and adjust."""
    spec = SPECS[kind]
    data = spec.layout(spec.placeholders())
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                content = _lower_tags(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()
