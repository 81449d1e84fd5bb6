"""The catalog's numbers the council office keeps up to date without the Django admin: whether a title or form is
in use, its order and the heading its certificate prints, and for each legal regime its money coefficient and the
council's vote threshold, each change with the article it follows. Every change is audited with before and after.

The conditions a province sets itself (percentages, years, counts) are its regulation's (``regulation``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import log_action
from thidua.core.permissions import require_council_office

from .models import AwardTerms, AwardType

#: Bounds of the numbers (inclusive): a coefficient of the base salary, a share of the council's members.
COEFFICIENT = (Decimal("0"), Decimal("100"))
THRESHOLD = (Decimal("1"), Decimal("100"))


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _changes(record, values: dict) -> dict:
    """``{field: [before, after]}`` of the values that differ (numbers as text, for the audit log)."""
    return {name: [_plain(getattr(record, name)), _plain(value)] for name, value in values.items()
            if getattr(record, name) != value}


@transaction.atomic
def award_type_settings_set(*, by, award_type: AwardType, active: bool, order: int,
                            certificate_heading: str) -> AwardType:
    """Whether a title or form is in use (one out of use is not proposed again), its place in the lists and the
    heading its certificate prints (empty: it prints no certificate)."""
    require_council_office(by)
    heading = " ".join((certificate_heading or "").split())
    if not 0 <= order <= 32767:
        raise ValidationError({"order": [_("The order is a number from 0 to 32767.")]})
    award_type = AwardType.objects.select_for_update().get(pk=award_type.pk)
    values = {"active": bool(active), "order": order, "certificate_heading": heading}
    changes = _changes(award_type, values)
    if not changes:
        return award_type
    for name, value in values.items():
        setattr(award_type, name, value)
    award_type.full_clean()
    award_type.save(update_fields=[*values, "updated_at"])
    log_action("awards.award_type.changed", actor=by, target=award_type, data={"changes": changes})
    return award_type


def _bounded(value: Decimal | None, bounds: tuple[Decimal, Decimal], field: str, message: str) -> None:
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise ValidationError({field: [message]})


@transaction.atomic
def award_terms_set(*, by, terms: AwardTerms, money_coefficient: Decimal | None, money_basis: str,
                    vote_threshold_percent: Decimal | None, vote_basis: str) -> AwardTerms:
    """A regime's money coefficient (× the base salary; empty: not found in the texts) and the share of the
    council's members a secret vote needs (empty: no vote). A number that changes cites the article it follows."""
    require_council_office(by)
    _bounded(money_coefficient, COEFFICIENT, "money_coefficient",
             _("A money coefficient is between 0 and 100 times the base salary."))
    _bounded(vote_threshold_percent, THRESHOLD, "vote_threshold_percent",
             _("A vote threshold is a share of the members between 1 and 100 %."))
    terms = AwardTerms.objects.select_for_update().select_related("award_type", "regime").get(pk=terms.pk)
    values = {"money_coefficient": money_coefficient, "money_basis": " ".join((money_basis or "").split()),
              "vote_threshold_percent": vote_threshold_percent, "vote_basis": " ".join((vote_basis or "").split())}
    changes = _changes(terms, values)
    errors = {}
    if "money_coefficient" in changes and money_coefficient is not None and not values["money_basis"]:
        errors["money_basis"] = [_("Cite the article that sets this coefficient.")]
    if "vote_threshold_percent" in changes and vote_threshold_percent is not None and not values["vote_basis"]:
        errors["vote_basis"] = [_("Cite the article that sets this threshold.")]
    if errors:
        raise ValidationError(errors)
    if not changes:
        return terms
    for name, value in values.items():
        setattr(terms, name, value)
    terms.full_clean()
    terms.save(update_fields=[*values, "updated_at"])
    log_action("awards.terms.changed", actor=by, target=terms.award_type, data={
        "regime": terms.regime.name, "changes": changes})
    return terms
