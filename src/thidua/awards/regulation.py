"""The province's own regulation on emulation and commendation (quy chế, quy định thi đua, khen thưởng của tỉnh),
laid on top of the national regime in force: the council office records each regulation with its decision number
and period, and sets the numbers the province decides (for example the share of LĐTT members a Tập thể lao động
tiên tiến needs) as rules with the code of the national rule they refine. Every change is audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core.audit import log_action
from thidua.core.permissions import require_council_office

from .enums import RegimeScope
from .models import AwardType, EligibilityRule, LegalRegime

#: The numbers a province may set, with their bounds (inclusive).
NUMBERS = {"percent": (0, 100), "years": (1, 20), "count": (1, 100), "months": (1, 12)}


def _period(valid_from, valid_to) -> None:
    if valid_from is None:
        raise ValidationError({"valid_from": [_("Give the day the regulation comes into force.")]})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": [_("The end of the period comes before its start.")]})


@transaction.atomic
def province_regulation_create(*, by, name: str, decision_reference: str, valid_from: datetime.date,
                               valid_to: datetime.date | None = None) -> LegalRegime:
    """A province's regulation with its decision and period (the rules it sets are added afterwards)."""
    require_council_office(by)
    name, decision_reference = (name or "").strip(), (decision_reference or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("This field is required.")]
    if not decision_reference:
        errors["decision_reference"] = [_("Give the number and symbol of the decision issuing the regulation.")]
    if errors:
        raise ValidationError(errors)
    _period(valid_from, valid_to)
    base = slugify(f"tinh-{decision_reference}")[:34] or "tinh"
    code, n = base, 1
    while LegalRegime.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    regime = LegalRegime.objects.create(code=code, name=name, scope=RegimeScope.PROVINCE, valid_from=valid_from,
                                        valid_to=valid_to, decision_reference=decision_reference)
    log_action("awards.regulation.created", actor=by, target=regime, data={
        "name": name, "decision": decision_reference, "valid_from": valid_from, "valid_to": valid_to})
    return regime


def adjustable_rules() -> list[EligibilityRule]:
    """The national leaf rules whose numbers a province may set, one per (award type, code), newest regime first."""
    seen, found = set(), []
    for rule in (EligibilityRule.objects.filter(regime__scope=RegimeScope.NATIONAL, operator="", active=True)
                 .select_related("award_type", "regime").order_by("award_type__order", "-regime__valid_from", "order")):
        if rule.code and (rule.award_type_id, rule.code) not in seen and any(
                key in (rule.params or {}) for key in NUMBERS):
            seen.add((rule.award_type_id, rule.code))
            found.append(rule)
    return found


def _clean_params(national: dict, values: dict) -> dict:
    params, errors = dict(national), {}
    for key, (low, high) in NUMBERS.items():
        if key not in national or values.get(key) in (None, ""):
            continue
        try:
            number = float(values[key]) if key == "percent" else int(values[key])
        except (TypeError, ValueError):
            errors[key] = [_("Enter a number.")]
            continue
        if not low <= number <= high:
            errors[key] = [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
            continue
        params[key] = number
    if "strict" in values and "percent" in national:
        params["strict"] = bool(values["strict"])
    if errors:
        raise ValidationError(errors)
    return params


@transaction.atomic
def province_threshold_set(*, by, regulation: LegalRegime, award_type: AwardType, code: str, values: dict,
                           legal_basis: str) -> EligibilityRule:
    """The province's numbers for one national rule (found by award type and code); replaces an earlier setting
    of the same regulation."""
    require_council_office(by)
    if regulation.scope != RegimeScope.PROVINCE:
        raise ValidationError(_("Only a province's regulation sets its own numbers."))
    national = (EligibilityRule.objects.filter(award_type=award_type, code=code, operator="",
                                               regime__scope=RegimeScope.NATIONAL)
                .order_by("-regime__valid_from").first())
    if national is None:
        raise ValidationError({"code": [_("No rule of the law has this code for this title or form.")]})
    legal_basis = (legal_basis or "").strip()
    if not legal_basis:
        raise ValidationError({"legal_basis": [_("Cite the article of the regulation that sets this number.")]})
    params = _clean_params(national.params or {}, values)
    rule = EligibilityRule.objects.filter(regime=regulation, award_type=award_type, code=code).first()
    before = rule.params if rule else None
    if rule is None:
        rule = EligibilityRule(regime=regulation, award_type=award_type, code=code, kind=national.kind,
                               order=national.order)
    rule.params, rule.label = params, national.label
    rule.legal_basis = f"{legal_basis} ({regulation.decision_reference})"[:500]
    rule.full_clean(exclude=["parent"])
    rule.save()
    log_action("awards.regulation.rule_set", actor=by, target=regulation, data={
        "award_type": award_type.code, "code": code, "params": params, "before": before,
        "legal_basis": rule.legal_basis})
    return rule


@transaction.atomic
def province_threshold_remove(*, by, regulation: LegalRegime, rule: EligibilityRule) -> None:
    require_council_office(by)
    if rule.regime_id != regulation.pk:
        raise ValidationError(_("This rule is not part of the regulation."))
    data = {"award_type": rule.award_type.code, "code": rule.code, "params": rule.params}
    rule.delete()
    log_action("awards.regulation.rule_removed", actor=by, target=regulation, data=data)
