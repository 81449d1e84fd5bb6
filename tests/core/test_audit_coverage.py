"""Every service (a public, transactional function in a ``services`` module, or in the commendations' ``council``
and ``signing`` modules) has a test of its audit event.

When this fails, a service was added or renamed: write the test of its audit event next to the others
(tests/<app>/test_services.py) and list it here.
"""

import inspect

import pytest

from thidua.accounts import services as accounts_services
from thidua.awards import catalog_settings as awards_catalog_settings
from thidua.awards import certificates as awards_certificates
from thidua.awards import council as awards_council
from thidua.awards import dues as awards_dues
from thidua.awards import services as awards_services
from thidua.awards import signing as awards_signing
from thidua.campaigns import services as campaigns_services
from thidua.documents import services as documents_services
from thidua.evaluation import services as evaluation_services
from thidua.indicators import services as indicators_services
from thidua.org import services as org_services

#: Service → the audit action its test in tests/<app>/test_services.py checks.
AUDITED = {
    "org.unit_create": "org.unit.created",
    "org.unit_update": "org.unit.updated",
    "org.lineage_record": "org.unit.<kind>",
    "org.cluster_create": "org.cluster.created",
    "org.cluster_set_leadership": "org.cluster.leadership_changed",
    "org.person_create": "org.person.created",
    "org.employment_record": "org.employment.recorded",
    "accounts.user_create": "accounts.user.created",
    "accounts.role_assign": "accounts.role.assigned",
    "accounts.role_revoke": "accounts.role.revoked",
    "accounts.token_create": "accounts.token.issued",
    "accounts.token_revoke": "accounts.token.revoked",
    "accounts.notification_delivery_set": "accounts.notifications.chosen",
    "accounts.user_invite": "accounts.user.created",
    "accounts.user_password_reset": "accounts.user.password_reset_sent",
    "accounts.user_deactivate": "accounts.user.deactivated",
    "campaigns.campaign_create": "campaigns.campaign.created",
    "campaigns.campaign_update": "campaigns.campaign.updated",
    "campaigns.campaign_transition": "campaigns.campaign.<status>",
    "campaigns.content_area_add": "campaigns.content_area.added",
    "campaigns.deadline_create": "campaigns.deadline.created",
    "campaigns.participation_add": "campaigns.participation.added",
    "campaigns.distribution_add": "campaigns.distribution.added",
    "campaigns.deadline_update": "campaigns.deadline.updated",
    "campaigns.submission_submit": "campaigns.submission.submitted",
    "campaigns.receipt_record": "campaigns.receipt.<decision>",
    "campaigns.reminders_send": "campaigns.deadline.reminded",
    "indicators.indicator_create": "indicators.indicator.created",
    "indicators.indicator_update": "indicators.indicator.updated",
    "indicators.target_set": "indicators.target.created/updated",
    "indicators.targets_set_bulk": "indicators.target.created/updated",
    "indicators.target_pledge": "indicators.target.created/updated",
    "indicators.target_decide": "indicators.target.approved/rejected",
    "indicators.progress_record": "indicators.progress.recorded",
    "indicators.progress_import_start": "indicators.progress.import_queued",
    "indicators.progress_import": "indicators.progress.imported",
    # tests/evaluation: test_scoring (schemes; opening is checked below), test_sheets, test_voting
    "evaluation.scheme_create": "evaluation.scheme.created",
    "evaluation.evaluation_open": "evaluation.scheme.opened",
    "evaluation.sheet_save": "evaluation.sheet.saved",
    "evaluation.sheet_transition": "evaluation.sheet.<to>",
    "evaluation.sheet_correct": "evaluation.sheet.corrected",
    "evaluation.sheet_accept_recomputed": "evaluation.sheet.recomputed",
    "evaluation.round_create": "evaluation.round.created",
    "evaluation.ballot_cast": "evaluation.ballot.cast",
    # tests/awards/test_council.py (a meeting round closed by the office)
    "evaluation.round_close": "evaluation.round.closed",
    # tests/awards: test_dossier (facts, dossiers, appraisal, decisions, the registry)
    "awards.rating_record": "awards.rating.recorded",
    "awards.initiative_record": "awards.initiative.recorded",
    "awards.discipline_record": "awards.discipline.recorded",
    "awards.unit_year_record": "awards.unit_year.recorded",
    "awards.nomination_create": "awards.nomination.created",
    "awards.item_add": "awards.nomination.item_added",
    "awards.item_remove": "awards.nomination.item_removed",
    "awards.attachment_add": "awards.nomination.attachment_added",
    "awards.attachment_remove": "awards.nomination.attachment_removed",
    "awards.nomination_transition": "awards.nomination.transition",
    "awards.appraisal_record": "awards.nomination.appraised",
    "awards.decision_create": "awards.decision.created + awards.award.granted",
    "awards.award_register": "awards.award.registered",
    "awards.award_revoke": "awards.award.revoked",
    # tests/awards/test_regimes.py (declared facts, pending matters, re-checking a dossier)
    "awards.fact_confirm": "awards.fact.confirmed",
    "awards.inquiry_record": "awards.inquiry.recorded",
    "awards.eligibility_recheck": "awards.nomination.rechecked",
    # tests/awards/test_routes.py (the steps of a proposal to the centre)
    "awards.route_step_record": "awards.nomination.step_recorded",
    # tests/awards/test_council.py (councils, meetings and their votes)
    "awards.council.council_create": "awards.council.created",
    "awards.council.council_member_add": "awards.council.member_added",
    "awards.council.meeting_create": "awards.council.meeting_created",
    "awards.council.meeting_vote_open": "awards.council.vote_opened",
    "awards.council.meeting_record_outside": "awards.council.meeting_recorded",
    # tests/awards/test_signing.py (a decision's way to its signature and its issue)
    "awards.signing.decision_prepare": "awards.decision.prepared",
    "awards.signing.decision_sign": "awards.decision.signed",
    "awards.signing.decision_send_back": "awards.decision.sent_back",
    "awards.signing.decision_resubmit": "awards.decision.resubmitted",
    "awards.signing.decision_cancel": "awards.decision.cancelled",
    "awards.signing.decision_issue": "awards.decision.issued",
    # tests/awards/test_dues.py (the days for sending a year's dossiers)
    "awards.dues.dossier_due_set": "awards.dossier_due.set",
    # tests/documents/test_templates.py (the documents' wording and Word templates)
    "documents.template_save": "documents.template.saved",
    "documents.word_template_upload": "documents.template.word_uploaded",
    "documents.word_template_remove": "documents.template.word_removed",
    # tests/documents/test_certificates.py (the positions on a certificate blank)
    "awards.catalog_settings.award_type_settings_set": "awards.award_type.changed",
    "awards.catalog_settings.award_terms_set": "awards.terms.changed",
    # tests/awards/test_catalog_pages.py (the catalog's numbers without the admin)
    "awards.certificates.certificate_layout_save": "awards.certificate_layout.saved",
}

#: Public functions of the services modules that change nothing (helpers and lookups).
READ_ONLY = {"documents.word_template_max_bytes", "documents.check_kind", "documents.clean_wording",
             "documents.current_content", "documents.check_word_template",
             "accounts.token_user", "accounts.tokens_of", "org.unit_search_text", "campaigns.campaign_search_text",
             "indicators.to_decimal", "indicators.default_baseline_on", "indicators.default_due_on",
             "indicators.check_period", "indicators.check_note", "awards.appraisal_days", "awards.nominees_of",
             "awards.require_editable", "awards.incomplete_return_days", "awards.consultation_days",
             "awards.require_handler", "awards.needs_vote", "awards.decidable", "awards.achievement_line",
             "awards.default_authority",
             "awards.council.province_council", "awards.council.council_of", "awards.council.is_province",
             "awards.council.meeting_voters", "awards.council.quorum_of", "awards.council.passes",
             "awards.council.meeting_round_result", "awards.council.members_of", "awards.council.clean_agenda",
             "evaluation.clean_counting_board", "awards.signing.signatory_for",
             "awards.signing.may_sign", "awards.signing.next_number", "awards.dues.late_on", "awards.dues.is_late",
             "awards.certificates.check_positions", "awards.certificates.positions_of",
             "awards.certificates.certificate_types", "awards.certificates.certificate_type_get",
             "awards.certificates.decision_certificates"}

#: Public functions that write, but only as a step of an audited service, inside its transaction (never alone).
STEPS = {"awards.grant": "awards.award.granted, inside decision_issue and decision_create",
         # Checks the lockout and the password outside a transaction (a failed attempt must stay recorded though
         # the request fails), then calls token_create, which is audited.
         "accounts.token_issue": "accounts.token.issued, through token_create",
         "accounts.tokens_revoke_all": "accounts.token.revoked, inside a password change or a deactivation"}

MODULES = {"org": org_services, "accounts": accounts_services, "campaigns": campaigns_services,
           "indicators": indicators_services, "evaluation": evaluation_services, "awards": awards_services,
           "documents": documents_services, "awards.council": awards_council, "awards.signing": awards_signing,
           "awards.dues": awards_dues,
           "awards.certificates": awards_certificates, "awards.catalog_settings": awards_catalog_settings}


def public_functions() -> dict[str, object]:
    return {
        f"{app}.{name}": function
        for app, module in MODULES.items()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and (function.__module__ == module.__name__ or function.__module__.startswith(module.__name__ + "."))
    }


def test_every_service_is_covered_by_an_audit_test():
    assert set(public_functions()) - READ_ONLY - set(STEPS) == set(AUDITED)


def test_the_lists_do_not_overlap():
    assert not (READ_ONLY & set(AUDITED)) and not (READ_ONLY & set(STEPS)) and not (set(STEPS) & set(AUDITED))


@pytest.mark.parametrize("name", sorted(READ_ONLY | set(STEPS)))
def test_helpers_open_no_transaction_of_their_own(name):
    # A helper wrapped in transaction.atomic would be a service: it belongs in AUDITED with a test of its event.
    assert not hasattr(public_functions()[name], "__wrapped__"), f"{name} is transactional: list it in AUDITED"


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_every_service_runs_in_a_transaction(name):
    assert hasattr(public_functions()[name], "__wrapped__"), f"{name} is not decorated with transaction.atomic"
