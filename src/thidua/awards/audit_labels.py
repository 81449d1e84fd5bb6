"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from .enums import (
    AttachmentKind,
    AwardLevel,
    AwardStatus,
    CommendationKind,
    DisciplineMeasure,
    NominationStatus,
    Rating,
)

ACTIONS = {
    "awards.rating.recorded": _("Yearly rating recorded"),
    "awards.initiative.recorded": _("Initiative recorded"),
    "awards.discipline.recorded": _("Disciplinary measure recorded"),
    "awards.unit_year.recorded": _("Collective's yearly figures recorded"),
    "awards.fact.confirmed": _("Declared fact confirmed"),
    "awards.nomination.rechecked": _("Eligibility checked again"),
    "awards.inquiry.recorded": _("Pending matter recorded"),
    "awards.regulation.created": _("Province's regulation recorded"),
    "awards.regulation.rule_set": _("Province's number set"),
    "awards.regulation.rule_removed": _("Province's number removed"),
    "awards.nomination.created": _("Nomination dossier opened"),
    "awards.nomination.item_added": _("Nominee added"),
    "awards.nomination.item_removed": _("Nominee removed"),
    "awards.nomination.attachment_added": _("File attached"),
    "awards.nomination.attachment_removed": _("File removed"),
    "awards.nomination.transition": _("Dossier moved"),
    "awards.nomination.appraised": _("Appraisal verdicts recorded"),
    "awards.decision.created": _("Decision signed on paper recorded"),
    "awards.decision.prepared": _("Decision put before the signer"),
    "awards.decision.signed": _("Decision signed"),
    "awards.decision.sent_back": _("Decision sent back by the signer"),
    "awards.decision.resubmitted": _("Decision put before the signer again"),
    "awards.decision.cancelled": _("Decision cancelled"),
    "awards.decision.issued": _("Decision issued"),
    "awards.nomination.step_recorded": _("Step towards the centre recorded"),
    "awards.council.created": _("Council set up"),
    "awards.council.member_added": _("Council member added"),
    "awards.council.meeting_created": _("Council meeting recorded"),
    "awards.council.meeting_recorded": _("Council meeting held outside the system recorded"),
    "awards.council.vote_opened": _("Council's secret vote opened"),
    "awards.dossier_due.set": _("Date for sending dossiers set"),
    "awards.award.granted": _("Award granted"),
    "awards.award.registered": _("Award entered into the registry"),
    "awards.award.revoked": _("Award revoked"),
    "awards.certificate_layout.saved": _("Positions on the certificate blank saved"),
    "awards.award_type.changed": _("Title or form's settings changed"),
    "awards.terms.changed": _("Money coefficient or vote threshold changed"),
}

#: Detail keys of the catalog's changes.
KEYS = {
    "regime": _("legal regime"),
    "active": _("in use"),
    "certificate_heading": _("heading printed on the certificate"),
    "money_coefficient": _("money coefficient (× base salary)"),
    "money_basis": _("money: legal basis"),
    "vote_threshold_percent": _("council vote: share of all members needed (%)"),
    "vote_basis": _("vote: legal basis"),
}

#: Commendation codes: where a code means something else in another app, that app's label wins.
FALLBACK_VALUES = (NominationStatus, AwardStatus, CommendationKind, DisciplineMeasure, AttachmentKind, Rating,
                   AwardLevel)
