"""Eligibility: the catalog's rules, as the regime in force on the day judged sets them, checked against the facts
on record, with an explanation at every node of the condition's tree.

The regime: a title for year Y is judged under the texts in force on 31/12/Y; a commendation form on the day of its
decision, or else the day its dossier was sent (the laws' transitional articles keep a dossier sent before a new
text under the old one), or else today. A province's regulation in force that day refines the national rules
(``EligibilityRule``: same code, other numbers) or adds its own.

A condition is a tree: groups (all of / any of / none of) over leaf checks (``checks``), each citing the article it
comes from. Facts are read in a fixed number of queries whatever the number of nominees (``facts.Facts``).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from ..enums import AwardKind, Recipient, RegimeScope, RuleKind, RuleOperator
from ..models import AwardTerms, EligibilityRule, LegalRegime
from .checks import CHECKS, COLLECTIVE_ONLY, DATED, PERSON_ONLY
from .facts import OPEN_STATES, Facts, Nominee
from .text import _, label, one_language

__all__ = ["OPEN_STATES", "Facts", "Nominee", "RuleResult", "Verdict", "evaluate", "regime_on", "judged_on"]


@dataclass
class RuleResult:
    """One node of the verdict: a leaf check (``rule`` is its kind) or a group (``operator`` all/any/not)."""

    rule: str
    title: str
    passed: bool
    explanation: str
    legal_basis: str
    operator: str | None = None
    declared_facts: bool = False
    code: str = ""
    province: bool = False
    children: list[RuleResult] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "operator": self.operator, "passed": self.passed,
                "explanation": self.explanation, "legal_basis": self.legal_basis,
                "declared_facts": self.declared_facts, "code": self.code, "province": self.province,
                "children": [c.as_dict() for c in self.children]}

    def failing(self) -> list[RuleResult]:
        """The leaves that make this node fail (none when it passes): inside a failed "all", its failed children's;
        inside a failed "any", every alternative's; a failed "not" is itself the reason."""
        if self.passed:
            return []
        if self.operator is None or self.operator == "not":
            return [self]
        return [leaf for child in self.children if not child.passed for leaf in child.failing()]

    def leaves(self) -> list[RuleResult]:
        if self.operator is None:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


@dataclass
class Verdict:
    eligible: bool
    tree: list[RuleResult] = field(default_factory=list)
    regime: LegalRegime | None = None
    province_regimes: list[LegalRegime] = field(default_factory=list)
    judged_on: datetime.date | None = None
    regime_reason: str = ""
    terms: AwardTerms | None = None

    @property
    def rules(self) -> list[RuleResult]:
        """Every leaf check, in order (the tree flattened)."""
        return [leaf for node in self.tree for leaf in node.leaves()]

    @property
    def failed(self) -> list[RuleResult]:
        """The leaf checks that make the verdict fail (a failed alternative of a met "any" is not one)."""
        return [leaf for node in self.tree for leaf in node.failing()]

    @property
    def declared_facts(self) -> bool:
        return any(node.declared_facts for node in self.tree)

    def regime_dict(self) -> dict | None:
        if self.regime is None:
            return None
        return {"id": self.regime.pk, "code": self.regime.code, "name": self.regime.name,
                "judged_on": self.judged_on, "reason": self.regime_reason,
                "province": [{"id": r.pk, "code": r.code, "name": r.name,
                              "decision_reference": r.decision_reference} for r in self.province_regimes]}


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def judged_on(nominee: Nominee, is_title: bool, today: datetime.date) -> tuple[datetime.date, str]:
    """The day whose texts apply, and why."""
    if is_title:
        day = datetime.date(nominee.year, 12, 31)
        return day, _("A title for %(year)s is judged under the texts in force on %(day)s.") % {
            "year": nominee.year, "day": _day(day)}
    if nominee.on is not None:
        return nominee.on, _("A commendation form is judged under the texts in force on %(day)s, the day of its "
                             "decision or, before one, the day its dossier was sent.") % {"day": _day(nominee.on)}
    return today, _("A commendation form not yet proposed is judged under the texts in force today "
                    "(%(day)s).") % {"day": _day(today)}


def regime_on(regimes: list[LegalRegime], day: datetime.date) -> tuple[LegalRegime | None, list[LegalRegime]]:
    """The national regime in force on ``day`` (the latest to start, if periods overlap) and the province's."""
    national = [r for r in regimes if r.scope == RegimeScope.NATIONAL and r.in_force_on(day)]
    province = [r for r in regimes if r.scope == RegimeScope.PROVINCE and r.in_force_on(day)]
    national.sort(key=lambda r: (r.valid_from or datetime.date.min, r.pk))
    return (national[-1] if national else None), province


def _cite(node: RuleResult) -> str:
    """A node's short citation: its legal basis up to the colon (e.g. "Điểm b khoản 1 Điều 74 Luật …")."""
    return (node.legal_basis.split(":")[0].strip() or node.title) if node.legal_basis else node.title


class _Tree:
    """The rules of one award type under one national regime, refined by the province's regimes."""

    def __init__(self, facts: Facts, type_id: int, regime: LegalRegime | None, province: list[LegalRegime]):
        national = facts.rules.get((type_id, regime.pk if regime else None), []) if regime else []
        anywhere = facts.rules.get((type_id, None), [])  # rules the office added without a regime
        self.overrides: dict[str, EligibilityRule] = {}
        extra: list[EligibilityRule] = []
        national_codes = {r.code for r in national if r.code}
        for prov in province:
            for rule in facts.rules.get((type_id, prov.pk), []):
                if rule.code and rule.code in national_codes:
                    self.overrides[rule.code] = rule
                elif rule.parent_id is None:
                    extra.append(rule)
        self.children: dict[int | None, list[EligibilityRule]] = defaultdict(list)
        for rule in [*national, *anywhere]:
            self.children[rule.parent_id].append(rule)
        self.roots = [*self.children[None], *extra]
        self.province_ids = {r.pk for r in extra} | {r.pk for r in self.overrides.values()}


def _run_leaf(rule: EligibilityRule, nominee: Nominee, facts: Facts, on: datetime.date):
    """``on``: the day the proposal is made (pending matters are looked at then)."""
    """The rule's check; a rule whose kind or parameters the office mistyped fails with that said, rather than
    breaking every page that checks eligibility."""
    check = CHECKS.get(rule.kind)
    if check is not None and isinstance(rule.params, dict):
        try:
            answer = check(rule, nominee, facts, on=on) if rule.kind in DATED else check(rule, nominee, facts)
            return answer if len(answer) == 3 else (*answer, False)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            pass
    return False, _("The rule is not set up correctly (kind %(kind)s, parameters %(params)s): ask the council "
                    "office to correct it.") % {"kind": rule.kind or rule.operator,
                                                "params": json.dumps(rule.params, ensure_ascii=False)}, False


def _group_explanation(operator: str, passed: bool, children: list[RuleResult]) -> str:
    good = "; ".join(_cite(c) for c in children if c.passed)
    bad = "; ".join(_cite(c) for c in children if not c.passed)
    if operator == RuleOperator.ANY:
        if passed:
            return _("Met because it satisfies: %(list)s.") % {"list": good}
        return _("Satisfies none of: %(list)s.") % {"list": bad}
    if operator == RuleOperator.NOT:
        if passed:
            return _("Falls under none of: %(list)s.") % {"list": bad}
        return _("Falls under: %(list)s.") % {"list": good}
    if passed:
        return _("Satisfies all of: %(list)s.") % {"list": good}
    return _("Does not satisfy: %(list)s.") % {"list": bad}


def _run(rule: EligibilityRule, tree: _Tree, nominee: Nominee, facts: Facts, on: datetime.date) -> RuleResult | None:
    """One node's result (None when it does not apply to this kind of recipient); ``on`` is the proposal day."""
    effective = tree.overrides.get(rule.code, rule) if rule.code else rule
    province = effective.pk in tree.province_ids
    if effective.operator:
        children = [r for r in (_run(c, tree, nominee, facts, on) for c in tree.children.get(rule.pk, ()))
                    if r is not None]
        if not children:
            return None
        if effective.operator == RuleOperator.ANY:
            passed = any(c.passed for c in children)
            declared = any(c.declared_facts for c in children if c.passed) if passed else any(
                c.declared_facts for c in children)
        elif effective.operator == RuleOperator.NOT:
            passed = not any(c.passed for c in children)
            declared = any(c.declared_facts for c in children)
        else:
            passed = all(c.passed for c in children)
            declared = any(c.declared_facts for c in children)
        title = effective.label or label(RuleOperator, effective.operator)
        return RuleResult(rule=effective.operator, operator=effective.operator, title=title, passed=passed,
                          explanation=_group_explanation(effective.operator, passed, children),
                          legal_basis=effective.legal_basis, declared_facts=declared, code=effective.code,
                          province=province, children=children)
    is_person = nominee.person_id is not None
    if (is_person and effective.kind in COLLECTIVE_ONLY) or (not is_person and effective.kind in PERSON_ONLY):
        return None
    passed, explanation, declared = _run_leaf(effective, nominee, facts, on)
    title = effective.label or label(RuleKind, effective.kind)
    return RuleResult(rule=effective.kind, title=title, passed=passed, explanation=explanation,
                      legal_basis=effective.legal_basis, declared_facts=declared, code=effective.code,
                      province=province)


def evaluate(nominees: list[Nominee]) -> dict[object, Verdict]:
    """A verdict per nominee key: eligible when every top-level condition of its award type, under the regime in
    force on the day judged, holds."""
    with one_language():
        return _evaluate(nominees)


def _evaluate(nominees: list[Nominee]) -> dict[object, Verdict]:
    facts = Facts(nominees)
    today = timezone.localdate()
    trees: dict[tuple, _Tree] = {}
    verdicts = {}
    for nominee in nominees:
        award_type = facts.types[nominee.award_type_id]
        on, reason = judged_on(nominee, award_type.kind == AwardKind.TITLE, today)
        regime, province = regime_on(facts.regimes, on)
        key = (nominee.award_type_id, regime.pk if regime else None, tuple(r.pk for r in province))
        if key not in trees:
            trees[key] = _Tree(facts, nominee.award_type_id, regime, province)
        tree = trees[key]
        # The regime is the judging day's; a pending matter is looked at on the day of the proposal (Điều 4 of the
        # decrees: no commendation or proposal while it is open).
        proposed_on = nominee.on or today
        results = [r for r in (_run(root, tree, nominee, facts, proposed_on) for root in tree.roots) if r is not None]
        terms = facts.terms.get((nominee.award_type_id, regime.pk)) if regime else None
        if regime is None:
            results.insert(0, RuleResult(rule="regime", title=_("Legal regime"), passed=False,
                                         explanation=_("No legal regime is in force on %(day)s.") % {
                                             "day": _day(on)}, legal_basis=""))
        elif terms is None:
            results.insert(0, RuleResult(rule="regime", title=_("Legal regime"), passed=False,
                                         explanation=_("%(title)s does not exist under %(regime)s.") % {
                                             "title": award_type.name, "regime": regime.name},
                                         legal_basis=""))
        if award_type.recipient == Recipient.PERSON and nominee.person_id is None or (
                award_type.recipient != Recipient.PERSON and nominee.person_id is not None):
            results.insert(0, RuleResult(rule="recipient", title=_("Recipient"), passed=False,
                                         explanation=_("%(title)s is not awarded to this kind of recipient.") % {
                                             "title": award_type.name}, legal_basis=award_type.legal_basis))
        verdicts[nominee.key] = Verdict(eligible=all(r.passed for r in results), tree=results, regime=regime,
                                        province_regimes=province, judged_on=on, regime_reason=reason,
                                        terms=terms)
    return verdicts
