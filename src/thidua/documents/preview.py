"""What the wording the council office is editing would give, before it is saved: a document of the kind printed
with the unsaved wording, and its text read back for the page.

For decisions, the latest decision of the kind (a draft's nominees as they will be granted), else a built-in
sample; for another kind with a renderer spec, its sample (``Spec.sample``) when it has one, else its layout with
the data left as fields and the wording filled in."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from . import word
from .models import DocumentKind
from .wording import Wording, wording_for

DECISION_KINDS = (DocumentKind.DECISION, DocumentKind.UNIT_DECISION)


@dataclass(frozen=True)
class Preview:
    content: bytes
    #: what was printed: "Quyết định số …" of a real document, or "" for a sample
    source: str
    lines: list[str]


def _decision_sample(kind: str) -> tuple[object, list]:
    """An unsaved decision of one person's Bằng khen, signed today, for the preview when none is on record."""
    from thidua.org.enums import UnitKind
    from thidua.org.models import Unit

    issuer_unit = None
    if kind == DocumentKind.UNIT_DECISION:
        issuer_unit = Unit.objects.exclude(kind=UnitKind.PROVINCE).order_by("id").first()
    today = timezone.localdate()
    decision = SimpleNamespace(
        pk=None, signed_on=today, issuer_unit=issuer_unit, issuer_unit_id=getattr(issuer_unit, "pk", None),
        issuing_authority="Chủ tịch Ủy ban nhân dân tỉnh" if issuer_unit is None else f"Giám đốc {issuer_unit.name}",
        number="     ", symbol="QĐ-UBND" if issuer_unit is None else "QĐ", signer_title="", signer_name="",
        proposal_number="", proposal_on=None)
    award_type = SimpleNamespace(pk=0, order=0, code="BK_CN", kind="form", recipient="person",
                                 name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", money_coefficient=Decimal("1.0"))
    award = SimpleNamespace(pk=0, award_type=award_type, person_id=None, unit_id=None, unit=None, year=today.year,
                            recipient_name="Nguyễn Văn A (mẫu)",
                            print_text=f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {today.year}")
    return decision, [award]


def _latest_decision(kind: str) -> tuple[object, list] | None:
    """The latest decision of ``kind`` with the awards it prints, as its own document shows them
    (``awards.selectors.decision_document``): an issued one's awards; a draft's nominees as they will be granted,
    not numbered, dated when signed, with the signer it is meant for."""
    from thidua.awards import selectors
    from thidua.awards.models import Decision

    found = (Decision.objects.filter(issuer_unit__isnull=kind == DocumentKind.DECISION)
             .select_related("issuer_unit").order_by("-id").first())
    if found is None:
        return None
    return selectors.decision_printed(decision=found)


def _filled_placeholders(spec: word.Spec, wording: Wording) -> dict:
    """The spec's layout fields, with the wording's own lines where the context has them."""
    from .nd30 import recipient_lines

    context = spec.placeholders()
    if "recipients" in context:
        context["recipients"] = recipient_lines(wording.recipients, archive=wording.archive)
    for name in ("signer_title", "signer_name", "introduction"):
        if name in context and getattr(wording, name):
            context[name] = getattr(wording, name)
    return context


def sample_context(kind: str, wording: Wording) -> dict:
    """The context of a sample document of ``kind`` printed with ``wording`` (no query of real documents): the
    trial render of an uploaded Word template, and the preview when no document of the kind is on record."""
    spec = word.spec_for(kind)
    if kind in DECISION_KINDS:
        from thidua.awards.selectors import decision_law

        from .award_decision import decision_context

        decision, awards = _decision_sample(kind)
        return decision_context(decision, awards, law=decision_law(decision=decision), wording=wording)
    if spec is not None and spec.sample is not None:
        return spec.sample(wording)
    return _filled_placeholders(spec, wording)


def text_of(content: bytes) -> list[str]:
    """The document's text read back (python-docx), paragraph by paragraph in the order of the body, table cells
    included (the header and the closing are tables); empty paragraphs left out."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(content))
    lines: list[str] = []

    def walk(parent, container) -> None:
        for child in container.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = Paragraph(child, parent).text.strip()
                if text:
                    lines.append(text)
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell repeats
                            continue
                        seen.add(id(cell._tc))
                        walk(cell, cell._tc)

    walk(document, document.element.body)
    return lines


def preview(*, kind: str, template) -> Preview | None:
    """``kind``'s document printed with the wording of ``template`` (a ``DocumentTemplate``, saved or not); None
    when no renderer lays that kind out from a context yet. The caller checks the user is the council office."""
    spec = word.spec_for(kind)
    if spec is None:
        return None
    wording = wording_for(kind, template=template)
    source = ""
    context = None
    if kind in DECISION_KINDS:
        found = _latest_decision(kind)
        if found is not None:
            from thidua.awards.enums import DecisionStatus
            from thidua.awards.selectors import decision_law

            from .award_decision import decision_context

            decision, awards = found
            context = decision_context(decision, awards, law=decision_law(decision=decision), wording=wording)
            source = (f"Quyết định số {decision.number}/{decision.symbol}" if decision.status == DecisionStatus.ISSUED
                      else f"Dự thảo quyết định ({decision.symbol}, #{decision.pk})")
    if context is None:
        context = sample_context(kind, wording)
    content = word.render(kind, context)
    return Preview(content=content, source=source, lines=text_of(content))
