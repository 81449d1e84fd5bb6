"""Who decides a nominee, and by which way the dossier gets there (Luật Thi đua, khen thưởng 2022, Điều 80, and the
regime's procedure; notes in ``docs/law/tham-quyen-hoi-dong-thoi-han.md``).

- ``unit``: a grassroots title or a Giấy khen is decided by the head of the proposing unit (its own council votes
  where the regime asks for it), under the unit's own header and number book; the provincial office never sees it.
  A unit's grassroots title for itself is its superior's to decide: a unit directly under the province asks the
  Chairman (the ``chairman`` route); a unit under another proposes through that one.
- ``chairman``: the Department of Home Affairs appraises, the Chairman decides.
- ``council``: the same, with the Council's secret vote (the regime's share of all members) before the Chairman.
- ``centre``: appraisal, the Council, the Party standing committee's opinion and consultations, the province's
  submission; the centre decides.

A dossier follows one route: the longest of its nominees' (the Chairman's forms may travel with the Council's
titles, only the titles being voted on); a unit's own titles and proposals to the centre go in dossiers of their own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.org.enums import UnitKind

from . import eligibility
from .enums import ROUTE_ORDER, AwardKind, Route
from .models import AwardTerms, AwardType, LegalRegime, Nomination


@dataclass(frozen=True)
class ItemRoute:
    route: str
    terms: AwardTerms | None
    regime: LegalRegime | None

    @property
    def vote_threshold(self):
        """The share of all the council's members this nominee needs, or None when no vote is needed."""
        if self.terms is None or self.route not in (Route.UNIT, Route.COUNCIL, Route.CENTRE):
            return None
        return self.terms.vote_threshold_percent


def _regimes() -> list[LegalRegime]:
    return list(LegalRegime.objects.filter(active=True).order_by("valid_from", "id"))


def regime_for(day: datetime.date, regimes: list[LegalRegime] | None = None) -> LegalRegime | None:
    """The national regime in force on ``day``."""
    return eligibility.regime_on(regimes if regimes is not None else _regimes(), day)[0]


def judging_day(nomination: Nomination, award_type: AwardType) -> datetime.date:
    """The day whose texts apply to a nominee: as eligibility judges it (titles: 31/12 of their year)."""
    sent = timezone.localdate(nomination.submitted_at) if nomination.submitted_at else None
    nominee = eligibility.Nominee(key=0, award_type_id=award_type.pk, year=nomination.year, on=sent)
    return eligibility.judged_on(nominee, award_type.kind == AwardKind.TITLE, timezone.localdate())[0]


def item_route(nomination: Nomination, award_type: AwardType, unit_id: int | None, person_id: int | None, *,
               regimes: list[LegalRegime] | None = None, terms: dict | None = None) -> ItemRoute:
    """The route of one nominee of ``nomination``."""
    regime = regime_for(judging_day(nomination, award_type), regimes)
    if terms is None:
        found = AwardTerms.objects.filter(award_type=award_type, regime=regime).first() if regime else None
    else:
        found = terms.get((award_type.pk, regime.pk if regime else None))
    route = found.route if found else _fallback(award_type)
    if route == Route.UNIT and person_id is None and unit_id == nomination.unit_id:
        parent = nomination.unit.parent
        if parent is not None and parent.kind != UnitKind.PROVINCE:
            raise ValidationError({"unit_id": [_(
                "%(title)s for %(unit)s itself is decided by the head of %(parent)s: %(parent)s proposes it.") % {
                "title": award_type.name, "unit": nomination.unit.name, "parent": parent.name}]})
        route = Route.CHAIRMAN
    return ItemRoute(route=route, terms=found, regime=regime)


def _fallback(award_type: AwardType) -> str:
    """A type the regime has no terms for (the office added it): by its level."""
    return {"grassroots": Route.UNIT, "province": Route.CHAIRMAN}.get(award_type.level, Route.CENTRE)


def combined(routes: list[str]) -> str:
    """The route of a dossier whose nominees have ``routes``; mixing a unit's own titles or proposals to the centre
    with the province's is refused (each has its own dossier)."""
    kinds = set(routes)
    if not kinds:
        return ""
    for alone in (Route.UNIT, Route.CENTRE):
        if alone in kinds and len(kinds) > 1:
            raise ValidationError(mixing_message(alone))
    return max(kinds, key=ROUTE_ORDER.index)


def mixing_message(route: str) -> str:
    if route == Route.UNIT:
        return _("Grassroots titles and Giấy khen are decided by the head of the unit, not by the province: put "
                 "them in a dossier of their own, which goes to the unit's head.")
    return _("Proposals to the centre go in a dossier of their own (the Council, the Party standing committee's "
             "opinion and the province's submission).")


def catalog_now() -> tuple[list[LegalRegime], dict]:
    """The regimes and every terms row, read once for many ``item_route`` calls (two queries)."""
    return _regimes(), {(t.award_type_id, t.regime_id): t for t in AwardTerms.objects.all()}


def items_routes(nomination: Nomination, items, *, catalog: tuple | None = None) -> dict[int, ItemRoute]:
    """Each item's route, reading the regimes and terms once (or not at all, given ``catalog_now()``)."""
    regimes, terms = catalog or catalog_now()
    return {item.pk: item_route(nomination, item.award_type, item.unit_id, item.person_id, regimes=regimes,
                                terms=terms) for item in items}


ROUTE_STAGES = {
    Route.UNIT: ["draft", "submitted", "received", "in_appraisal", "appraised", "at_council", "approved", "decided"],
    Route.CHAIRMAN: ["draft", "submitted", "received", "in_appraisal", "appraised", "approved", "decided"],
    Route.COUNCIL: ["draft", "submitted", "received", "in_appraisal", "appraised", "at_council", "approved",
                    "decided"],
    Route.CENTRE: ["draft", "submitted", "received", "in_appraisal", "appraised", "at_council", "approved",
                   "sent_to_centre", "decided"],
}


def stages(route: str) -> list[str]:
    return ROUTE_STAGES.get(route or Route.CHAIRMAN, ROUTE_STAGES[Route.CHAIRMAN])
